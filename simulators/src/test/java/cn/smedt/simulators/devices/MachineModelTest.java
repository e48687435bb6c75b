package cn.smedt.simulators.devices;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MachineModelTest {

    private static final Instant T0 = Instant.parse("2026-11-24T08:00:00Z");

    @Test
    void firstAdvanceOnlySetsTheClock() {
        MachineModel.Snapshot first = new MachineModel(MachineKind.CNC_CENTRE, 7).advance(T0);

        assertThat(first.ts()).isEqualTo(T0);
        assertThat(first.state()).isEqualTo("RUN");
        assertThat(first.partCount()).isZero();
        assertThat(first.energyKwh()).isEqualByComparingTo("0");
    }

    @Test
    void oneMinuteOfRunAddsRunPowerTimesHoursAndPartsBySecondsPerPart() {
        MachineModel model = new MachineModel(MachineKind.CNC_CENTRE, 7);
        model.advance(T0);

        MachineModel.Snapshot after = model.advance(T0.plusSeconds(60));

        // CNC centre: 18 kW while running, 45 s per part: 18 kW * 1/60 h = 0.300 kWh, 60/45 = 1 part (1/3 carried)
        assertThat(after.energyKwh()).isEqualTo(new BigDecimal("0.300"));
        assertThat(after.partCount()).isEqualTo(1);
    }

    @Test
    void everyStepAccountsTheStateTheMachineWasIn() {
        MachineKind kind = MachineKind.EXTRUSION_PRESS;
        MachineModel model = new MachineModel(kind, 42);
        MachineModel.Snapshot previous = model.advance(T0);
        double runSeconds = 0;
        for (int i = 1; i <= 500; i++) {
            MachineModel.Snapshot next = model.advance(T0.plusSeconds(30L * i));
            int kw = "RUN".equals(previous.state()) ? kind.runKw : kind.idleKw;
            BigDecimal expected = previous.energyKwh().add(BigDecimal.valueOf(kw * 30 / 3600.0))
                    .setScale(3, RoundingMode.HALF_UP);
            assertThat(next.energyKwh()).as("step %d", i).isEqualTo(expected);
            if ("RUN".equals(previous.state())) {
                runSeconds += 30;
            }
            // parts = RUN seconds / seconds per part, floored (the carried fraction is a double: allow one behind)
            long exact = (long) (runSeconds / kind.secondsPerPart);
            assertThat(next.partCount()).as("step %d", i).isBetween(exact - 1, exact);
            previous = next;
        }
    }

    @Test
    void sameSeedSameMachineAndTheStatesFollowTheKindsShares() {
        List<String> a = states(new MachineModel(MachineKind.VACUUM_FURNACE, 99), 2000);
        List<String> b = states(new MachineModel(MachineKind.VACUUM_FURNACE, 99), 2000);

        assertThat(a).isEqualTo(b);
        assertThat(a).containsOnly("RUN", "IDLE", "ALARM");
        long idle = a.stream().filter("IDLE"::equals).count();
        // vacuum furnace: 25 % idle; 2000 draws keep the share within a few points
        assertThat(idle / 2000.0).isBetween(0.20, 0.30);
    }

    private static List<String> states(MachineModel model, int steps) {
        List<String> states = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            states.add(model.advance(T0.plusSeconds(i)).state());
        }
        return states;
    }
}
