package cn.smedt.hub.storage;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import javax.sql.DataSource;

/** The kind of database a pool's JDBC URL names, as far as the storage package treats them differently. */
enum DatabaseKind {
    /** H2 in this process (a file or in-memory database), not an H2 server reached over tcp or ssl. */
    EMBEDDED_H2,
    POSTGRESQL,
    OTHER;

    static DatabaseKind of(String jdbcUrl) {
        if (jdbcUrl == null) {
            return OTHER;
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        boolean h2Server = jdbcUrl.startsWith("jdbc:h2:tcp:") || jdbcUrl.startsWith("jdbc:h2:ssl:");
        return jdbcUrl.startsWith("jdbc:h2:") && !h2Server ? EMBEDDED_H2 : OTHER;
    }

    /** The kind of the pool's database; {@link #OTHER} when the data source is not a Hikari pool. */
    static DatabaseKind of(DataSource dataSource) {
        try {
            return dataSource.isWrapperFor(HikariDataSource.class)
                    ? of(dataSource.unwrap(HikariDataSource.class).getJdbcUrl()) : OTHER;
        } catch (SQLException e) {
            return OTHER;
        }
    }
}
