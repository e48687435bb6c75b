package cn.smedt.hub;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The database a test hub node runs on, picked for the whole test JVM by the system property {@code hub.test.database}:
 * {@code h2} (default: one in-memory database per node) or {@code postgresql} (one database per node on a PostgreSQL
 * server). The server is the one named by {@code hub.test.postgres.url} (an admin JDBC URL, user
 * {@code hub.test.postgres.user}, default {@code postgres}) or, when that is not set, a throw-away cluster of Debian's
 * package started here with {@code bin/pg-cluster} on a free loopback port and stopped when the JVM exits. Every
 * node's database is owned by the role {@code hub} with an empty password, like the H2 default, so tests open their
 * own connections the same way on both.
 */
public final class TestDatabase {

    /** Role that owns every test database; the throw-away cluster trusts loopback connections. */
    public static final String USER = "hub";

    public static final String PASSWORD = "";

    private static PostgresCluster shared;

    private TestDatabase() {
    }

    /** True when this test JVM runs its hubs on PostgreSQL. */
    public static boolean postgres() {
        return "postgresql".equals(System.getProperty("hub.test.database", "h2").toLowerCase(Locale.ROOT));
    }

    /** Name of the database kind for messages and assumptions: {@code h2} or {@code postgresql}. */
    public static String kind() {
        return postgres() ? "postgresql" : "h2";
    }

    /** A new, empty database named after {@code name} (letters, digits, '-' and '_'), as a JDBC URL. */
    public static String create(String name) {
        if (!postgres()) {
            // the lock timeout of the production URL (application.yml), not H2's shorter default
            return "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000";
        }
        return server().createDatabase(name);
    }

    /**
     * Frees the memory of a database whose nodes are all closed: an H2 in-memory database is kept by
     * {@code DB_CLOSE_DELAY=-1} until it is shut down, so a test JVM that never shut them down held every earlier
     * class's data. Only for a node that is not started again on the same database. A PostgreSQL database lives in the server's
     * files and is left as it is; so is any URL that is not a test database.
     */
    public static void release(String url) {
        if (url == null || !url.startsWith("jdbc:h2:mem:")) {
            return;
        }
        try (Connection connection = DriverManager.getConnection(url, USER, PASSWORD);
             Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN");
        } catch (SQLException e) {
            throw new IllegalStateException("could not shut down the test database " + url, e);
        }
    }

    /** The PostgreSQL server of this JVM's test hubs (started on first use unless {@code hub.test.postgres.url}). */
    public static synchronized PostgresCluster server() {
        if (shared == null) {
            String url = System.getProperty("hub.test.postgres.url", "");
            shared = url.isBlank() ? PostgresCluster.start("shared")
                    : PostgresCluster.existing(url, System.getProperty("hub.test.postgres.user", "postgres"));
        }
        return shared;
    }

    /**
     * A PostgreSQL server for tests: either an existing one, or a throw-away cluster (initdb in a temporary folder,
     * pg_ctl on a free port) that a test may stop and start again to play a database outage.
     */
    public static final class PostgresCluster {

        private final String adminUrl;
        private final String adminUser;
        private final Path dir;
        private final int port;

        private PostgresCluster(String adminUrl, String adminUser, Path dir, int port) {
            this.adminUrl = adminUrl;
            this.adminUser = adminUser;
            this.dir = dir;
            this.port = port;
        }

        static PostgresCluster existing(String adminUrl, String adminUser) {
            PostgresCluster cluster = new PostgresCluster(adminUrl, adminUser, null, -1);
            cluster.ensureRole();
            return cluster;
        }

        /** Starts a throw-away cluster of its own; stopped (and its folder removed) when the JVM exits. */
        public static PostgresCluster start(String label) {
            try {
                // under /tmp: the postgres user (initdb refuses root) must reach the folder, which a clone under
                // /root would not allow
                Path dir = Files.createTempDirectory(Path.of("/tmp"), "smedt-it-pg-" + label + "-");
                int port = freePort();
                PostgresCluster cluster = new PostgresCluster("jdbc:postgresql://127.0.0.1:" + port + "/postgres",
                        "postgres", dir, port);
                cluster.run("start", dir.toString(), String.valueOf(port));
                Runtime.getRuntime().addShutdownHook(new Thread(cluster::destroy, "pg-cluster-stop-" + label));
                cluster.ensureRole();
                return cluster;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** JDBC URL of a new database owned by {@link #USER}. */
        public String createDatabase(String name) {
            String db = ("it_" + name).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
            admin("create database " + db + " owner " + USER);
            return adminUrl.substring(0, adminUrl.lastIndexOf('/') + 1) + db;
        }

        /** Fast shutdown: open connections are cut, committed data stays (only for a cluster started here). */
        public void stop() {
            run("stop", ownDir().toString());
        }

        /** Starts a stopped cluster again on the same port. */
        public void restart() {
            run("start", ownDir().toString(), String.valueOf(port));
        }

        private Path ownDir() {
            if (dir == null) {
                throw new IllegalStateException("an existing server (hub.test.postgres.url) is not stopped by tests");
            }
            return dir;
        }

        private void destroy() {
            try {
                run("stop", dir.toString());
            } catch (RuntimeException alreadyStopped) {
                // a test may have left it stopped
            }
            try (var files = Files.walk(dir)) {
                files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temporary folder; the OS cleans /tmp
            }
        }

        private void ensureRole() {
            admin("do $$ begin if not exists (select from pg_roles where rolname = '" + USER + "') then "
                    + "create role " + USER + " login; end if; end $$");
        }

        private void admin(String sql) {
            try (Connection c = DriverManager.getConnection(adminUrl, adminUser, "");
                    Statement s = c.createStatement()) {
                s.execute(sql);
            } catch (SQLException e) {
                throw new IllegalStateException("PostgreSQL at " + adminUrl + ": " + sql + ": " + e.getMessage(), e);
            }
        }

        private static void run(String... args) {
            Path script = script();
            List<String> command = new java.util.ArrayList<>(List.of("bash", script.toString()));
            command.addAll(List.of(args));
            try {
                Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
                byte[] out = process.getInputStream().readAllBytes();
                if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                    throw new IllegalStateException("bin/pg-cluster " + String.join(" ", args) + " failed: "
                            + new String(out, StandardCharsets.UTF_8)
                            + " (PostgreSQL from Debian's package: bin/pg-cluster install)");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted: bin/pg-cluster " + args[0], e);
            }
        }

        private static Path script() {
            for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
                Path candidate = d.resolve("bin/pg-cluster");
                if (Files.isRegularFile(candidate)) {
                    return candidate;
                }
            }
            throw new IllegalStateException("bin/pg-cluster not found above " + Path.of("").toAbsolutePath());
        }

        private static int freePort() throws IOException {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
                return socket.getLocalPort();
            }
        }
    }
}
