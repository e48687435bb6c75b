package cn.smedt.connectors.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.junit.jupiter.api.Test;

class MachineSampleTest {

    @Test
    void payloadAndTopicAreTheHubsMqttTelemetry() {
        MachineSample sample = new MachineSample("91330782MA2XXXXXX1", "kiln-1", Instant.parse("2026-11-24T08:00:00Z"),
                "RUN", 1234, new BigDecimal("5678.9"));

        assertThat(sample.toTelemetryJson())
                .isEqualTo("{\"ts\":\"2026-11-24T08:00:00Z\",\"state\":\"RUN\",\"partCount\":1234,\"energyKwh\":5678.9}");
        assertThat(sample.topic()).isEqualTo("smedt/91330782MA2XXXXXX1/kiln-1/telemetry");
    }

    @Test
    void energyIsNeverWrittenInExponentForm() {
        MachineSample sample = new MachineSample("U", "d", Instant.parse("2026-11-24T08:00:00.250Z"), "IDLE", 0,
                new BigDecimal("1E+7"));

        assertThat(sample.toTelemetryJson()).endsWith("\"energyKwh\":10000000}").contains("08:00:00.250Z");
    }

    @Test
    void onlyKnownStates() {
        assertThatThrownBy(() -> new MachineSample("U", "d", Instant.now(), "BROKEN", 0, BigDecimal.ONE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void stateNamesAndCodesAreMapped() {
        assertThat(OpcUaMachineSource.state("RUN")).contains("RUN");
        assertThat(OpcUaMachineSource.state(" alarm ")).contains("ALARM");
        assertThat(OpcUaMachineSource.state(0)).contains("OFF");
        assertThat(OpcUaMachineSource.state(1)).contains("RUN");
        assertThat(OpcUaMachineSource.state(2)).contains("IDLE");
        assertThat(OpcUaMachineSource.state(3)).contains("ALARM");
        assertThat(OpcUaMachineSource.state(UInteger.valueOf(2))).contains("IDLE");
        assertThat(OpcUaMachineSource.state(4)).isEmpty();
        assertThat(OpcUaMachineSource.state("SETUP")).isEmpty();
        assertThat(OpcUaMachineSource.state(true)).isEmpty();
    }
}
