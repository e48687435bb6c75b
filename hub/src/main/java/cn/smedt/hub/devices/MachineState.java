package cn.smedt.hub.devices;

/** The operating state a machine reports (OEE vocabulary). */
public enum MachineState {
    /** Producing. */
    RUN,
    /** Powered and available, not producing (waiting for material, operator, set-up). */
    IDLE,
    /** Stopped by a fault or alarm. */
    ALARM,
    /** Switched off or not planned to produce (excluded from planned time). */
    OFF
}
