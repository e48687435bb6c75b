package cn.smedt.hub.devices;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A report's delivery row is kept at least two report intervals, so a slot's report is never planned twice. */
class KpiReportsTest {

    static KpiReports reports(Duration interval, Duration retention) {
        return new KpiReports(null, null, null, null, null, null, null, interval, retention);
    }

    @Test
    void aRetentionShorterThanTwoIntervalsStopsTheNode() {
        assertThatThrownBy(() -> reports(Duration.ofMinutes(5), Duration.ofMinutes(9)))
                .isInstanceOf(DeviceSetupException.class).hasMessageContaining("hub.devices.report-retention");
        assertThatCode(() -> reports(Duration.ofMinutes(5), Duration.ofMinutes(10))).doesNotThrowAnyException();
    }
}
