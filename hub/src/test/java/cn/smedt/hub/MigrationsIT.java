package cn.smedt.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Types;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;

/**
 * Every Flyway migration applies on an empty H2 and an empty PostgreSQL database (whatever database the rest of the
 * suite runs on), and both end with the same tables, columns, types and sizes: the SQL is portable.
 */
class MigrationsIT {

    @Test
    void everyMigrationAppliesOnH2AndPostgresqlAndGivesTheSameSchema() throws Exception {
        String id = "migrations_" + UUID.randomUUID().toString().substring(0, 8);
        String h2 = "jdbc:h2:mem:" + id + ";DB_CLOSE_DELAY=-1";
        String pg = TestDatabase.server().createDatabase(id);

        MigrateResult onH2 = migrate(h2);
        MigrateResult onPg = migrate(pg);

        assertThat(onH2.success).isTrue();
        assertThat(onPg.success).isTrue();
        assertThat(onPg.migrationsExecuted).isEqualTo(onH2.migrationsExecuted).isPositive();
        assertThat(onPg.targetSchemaVersion).isEqualTo(onH2.targetSchemaVersion);

        Map<String, String> h2Schema = schema(h2, "PUBLIC");
        Map<String, String> pgSchema = schema(pg, "public");
        assertThat(h2Schema).isNotEmpty();
        assertThat(pgSchema).containsExactlyEntriesOf(h2Schema);
    }

    private static MigrateResult migrate(String url) {
        return Flyway.configure().dataSource(url, TestDatabase.USER, TestDatabase.PASSWORD)
                .locations("classpath:db/migration").load().migrate();
    }

    /** table.column -> portable type description (JDBC type family, size, scale, nullability). */
    private static Map<String, String> schema(String url, String schema) throws Exception {
        Map<String, String> columns = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(url, TestDatabase.USER, TestDatabase.PASSWORD)) {
            DatabaseMetaData meta = c.getMetaData();
            try (ResultSet rs = meta.getColumns(null, schema, "%", "%")) {
                while (rs.next()) {
                    String table = rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
                    if (table.startsWith("flyway_")) {
                        continue;
                    }
                    String column = table + "." + rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT);
                    columns.put(column, describe(rs.getInt("DATA_TYPE"), rs.getString("TYPE_NAME"), rs.getInt("COLUMN_SIZE"),
                            rs.getInt("DECIMAL_DIGITS"), rs.getInt("NULLABLE")));
                }
            }
        }
        return columns;
    }

    private static String describe(int type, String typeName, int size, int scale, int nullable) {
        String nulls = nullable == DatabaseMetaData.columnNoNulls ? " not null" : "";
        return switch (type) {
            case Types.VARCHAR, Types.NVARCHAR, Types.LONGVARCHAR, Types.CHAR ->
                // unbounded varchar: PostgreSQL reports 2^31-1, H2 its own maximum
                "varchar(" + (size >= 1_000_000 ? "max" : size) + ")" + nulls;
            case Types.NUMERIC, Types.DECIMAL -> "numeric(" + size + "," + scale + ")" + nulls;
            case Types.BIGINT -> "bigint" + nulls;
            case Types.INTEGER -> "integer" + nulls;
            case Types.SMALLINT -> "smallint" + nulls;
            case Types.BOOLEAN, Types.BIT -> "boolean" + nulls;
            case Types.DATE -> "date" + nulls;
            // PostgreSQL's driver reports timestamptz as TIMESTAMP with the type name "timestamptz"
            case Types.TIMESTAMP_WITH_TIMEZONE -> "timestamp with time zone" + nulls;
            case Types.TIMESTAMP -> (typeName.toLowerCase(Locale.ROOT).contains("tz") ? "timestamp with time zone"
                    : "timestamp") + nulls;
            default -> "jdbc-type-" + type + nulls;
        };
    }
}
