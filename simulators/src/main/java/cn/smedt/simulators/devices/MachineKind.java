package cn.smedt.simulators.devices;

/**
 * Machines of the pilot industries, with the behaviour the simulator gives them: seconds per part when running,
 * average power when running / idle (kW), and the share of time they spend idle and in alarm.
 *
 * @see MachineSimulator
 */
public enum MachineKind {
    /** CNC machining centre (汽车零部件): short cycles, frequent set-ups. */
    CNC_CENTRE(45, 18, 4, 0.20, 0.03),
    /** Tunnel kiln (耐火材料): runs around the clock, a "part" is a kiln car. */
    TUNNEL_KILN(1800, 850, 400, 0.02, 0.01),
    /** Aluminium extrusion press (铝加工): billets per press cycle. */
    EXTRUSION_PRESS(90, 650, 120, 0.15, 0.04),
    /** Vacuum furnace (保温杯): batch cycles of insulated cups. */
    VACUUM_FURNACE(600, 220, 30, 0.25, 0.02);

    final int secondsPerPart;
    final int runKw;
    final int idleKw;
    final double idleShare;
    final double alarmShare;

    /** The machine a pilot industry uses (by the industry id's words: auto parts, refractories, aluminium, else cups). */
    public static MachineKind forIndustry(String industry) {
        String id = industry.toUpperCase();
        if (id.contains("AUTO")) {
            return CNC_CENTRE;
        }
        if (id.contains("REFRACT")) {
            return TUNNEL_KILN;
        }
        return id.contains("ALUMIN") ? EXTRUSION_PRESS : VACUUM_FURNACE;
    }

    MachineKind(int secondsPerPart, int runKw, int idleKw, double idleShare, double alarmShare) {
        this.secondsPerPart = secondsPerPart;
        this.runKw = runKw;
        this.idleKw = idleKw;
        this.idleShare = idleShare;
        this.alarmShare = alarmShare;
    }
}
