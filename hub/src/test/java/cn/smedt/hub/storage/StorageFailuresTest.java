package cn.smedt.hub.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.apache.camel.RuntimeCamelException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

class StorageFailuresTest {

    @Test
    void aDatabaseThatIsDownOrBusyIsUnavailableHoweverDeeplyWrapped() {
        var pool = new SQLTransientConnectionException("HikariPool-1 - Connection is not available");
        assertThat(StorageFailures.unavailable(new CannotGetJdbcConnectionException("no connection", pool))).isTrue();
        assertThat(StorageFailures.unavailable(new RuntimeCamelException(
                new CannotCreateTransactionException("Could not open JDBC Connection", pool)))).isTrue();
        // PostgreSQL: 57P01 admin_shutdown, 08006 connection failure, 40P01 deadlock, 53300 too many connections
        for (String state : new String[] {"57P01", "08006", "08001", "40P01", "40001", "53300"}) {
            assertThat(StorageFailures.unavailable(new IllegalStateException(new SQLException("x", state))))
                    .as(state).isTrue();
        }
    }

    @Test
    void aValueTheDatabaseRefusesIsADefectNotAnOutage() {
        assertThat(StorageFailures.unavailable(new DataIntegrityViolationException("value too long",
                new SQLException("value too long for type character varying(200)", "22001")))).isFalse();
        assertThat(StorageFailures.unavailable(new DuplicateKeyException("duplicate",
                new SQLException("duplicate key", "23505")))).isFalse();
        assertThat(StorageFailures.unavailable(new IllegalArgumentException("bug"))).isFalse();
    }

    @Test
    void theSummaryIsTheInnermostCauseOnOneLine() {
        var failure = new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection",
                new SQLException("Connection refused", "08001", new ConnectException("Connection refused")));
        assertThat(StorageFailures.summary(failure)).isEqualTo("ConnectException: Connection refused");
    }
}
