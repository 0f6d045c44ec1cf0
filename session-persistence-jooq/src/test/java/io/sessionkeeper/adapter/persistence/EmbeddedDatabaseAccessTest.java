package io.sessionkeeper.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.sessionkeeper.adapter.persistence.database.DatabaseConfig;
import io.sessionkeeper.adapter.persistence.database.EmbeddedDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Who can get into the embedded PostgreSQL and its files: only the service, with the password from its data
 * directory, as a role without superuser rights; nobody else, local users included. One fresh cluster for the class.
 */
class EmbeddedDatabaseAccessTest {
    /** SQLSTATEs of a refused login (wrong password; none given, refused by the driver before sending one). */
    static final Set<String> LOGIN_REFUSED = Set.of("28P01", "28000", "08004");

    private static Path scratch;
    private static DatabaseConfig.Embedded config;
    private static EmbeddedDatabase database;

    @BeforeAll
    static void startAFreshCluster() {
        scratch = TestDatabase.createTempDirectory();
        // a data directory the service creates itself, as on a first start
        config = new DatabaseConfig.Embedded(scratch.resolve("data"), TestDatabase.SMALL_POOLS, false);
        database = EmbeddedDatabase.start(config);
    }

    @AfterAll
    static void stopAndDelete() {
        try {
            if (database != null) {
                database.close();
            }
        } finally {
            TestDatabase.deleteRecursively(scratch);
        }
    }

    @Test
    void nobodyLogsInWithoutThePasswordNeitherAsSuperuserNorAsTheServiceRole() {
        for (String host : List.of("127.0.0.1", "localhost")) {
            for (String user : List.of("postgres", database.user())) {
                assertLoginRefused(database.port(), host, user, null);
                assertLoginRefused(database.port(), host, user, "");
                assertLoginRefused(database.port(), host, user, "postgres");
            }
            // the service's password opens the service's role only
            assertLoginRefused(database.port(), host, "postgres", database.password());
        }
    }

    @Test
    void theServiceLogsInWithThePasswordFromItsDataDirectoryAsARoleWithoutSuperuserRights() throws Exception {
        String fromFile = Files.readString(config.passwordFile()).strip();
        assertThat(database.password()).isEqualTo(fromFile);
        try (Connection connection = connect(database.port(), "127.0.0.1", database.user(), fromFile);
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT current_user, rolsuper, rolcreaterole, rolcreatedb,"
                        + " pg_has_role(current_user, 'pg_database_owner', 'MEMBER')"
                        + " FROM pg_roles WHERE rolname = current_user")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getString(1)).isEqualTo("sessionkeeper");
            assertThat(row.getBoolean(2)).as("superuser").isFalse();
            assertThat(row.getBoolean(3)).as("may create roles").isFalse();
            assertThat(row.getBoolean(4)).as("may create databases").isFalse();
            assertThat(row.getBoolean(5)).as("owns its database").isTrue();
        }
    }

    @Test
    void thePasswordIsRandomAndLongEnough() throws IOException {
        String password = Files.readString(config.passwordFile()).strip();
        assertThat(password).matches("[A-Za-z0-9_-]{43,}"); // 32 random bytes, base64url: 256 bits
    }

    @Test
    void theServerIsReachableOverLoopbackTcpOnlyWithoutAUnixSocketAndWithoutTrust() throws Exception {
        List<String> rules = Files.readAllLines(config.clusterDirectory().resolve("pg_hba.conf")).stream()
                .map(line -> line.replaceFirst("#.*", "").trim())
                .filter(line -> !line.isEmpty())
                .map(line -> String.join(" ", line.split("\\s+")))
                .toList();
        assertThat(rules)
                .containsExactly("host all all 127.0.0.1/32 scram-sha-256", "host all all ::1/128 scram-sha-256");
        // what the server says it does (the role may not read these settings): line 5 of postmaster.pid is its
        // socket directory, line 6 its first listen address
        List<String> status = Files.readAllLines(config.clusterDirectory().resolve("postmaster.pid"));
        assertThat(status.get(4)).as("Unix-domain socket directory").isEmpty();
        assertThat(status.get(5)).as("listen address").isIn("localhost", "127.0.0.1", "::1");
        String tmp = System.getProperty("java.io.tmpdir");
        assertThat(Path.of(tmp, ".s.PGSQL." + database.port())).doesNotExist();
        assertThat(Path.of("/tmp", ".s.PGSQL." + database.port())).doesNotExist();
    }

    @Test
    void theDataDirectoryIsPrivateAndThePasswordFileReadableByItsOwnerOnly() throws IOException {
        assertThat(permissions(config.dataDirectory())).isEqualTo("rwx------");
        assertThat(permissions(config.passwordFile())).isEqualTo("rw-------");
        assertThat(permissions(config.clusterDirectory())).isEqualTo("rwx------");
        assertThat(permissions(config.binariesDirectory())).isEqualTo("rwx------");
        assertThat(permissions(config.clusterDirectory().resolve("pg_hba.conf")))
                .isEqualTo("rw-------");
        Set<PosixFilePermission> othersMayWrite =
                EnumSet.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);
        try (Stream<Path> files = Files.walk(config.dataDirectory())) {
            assertThat(files.filter(path -> !Files.isSymbolicLink(path))
                            .filter(path -> posix(path).stream().anyMatch(othersMayWrite::contains))
                            .toList())
                    .as("files and directories others may write to")
                    .isEmpty();
        }
    }

    @Test
    void theServerRunsFromBinariesInsideTheDataDirectoryNotFromASharedTemporaryOne() throws IOException {
        long pid = Long.parseLong(Files.readAllLines(config.clusterDirectory().resolve("postmaster.pid"))
                .get(0)
                .trim());
        Path command =
                Path.of(ProcessHandle.of(pid).orElseThrow().info().command().orElseThrow());
        assertThat(command.getFileName()).hasToString("postgres");
        assertThat(command.toRealPath()).startsWith(config.binariesDirectory().toRealPath());
        assertThat(command.startsWith(Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg")))
                .as("%s is in the shared temporary directory", command)
                .isFalse();
    }

    static void assertLoginRefused(int port, String host, String user, String password) {
        SQLException refused = catchThrowableOfType(
                SQLException.class, () -> connect(port, host, user, password).close());
        assertThat((Throwable) refused)
                .as("login of %s at %s with %s", user, host, password == null ? "no password" : "a wrong password")
                .isNotNull();
        assertThat(refused.getSQLState()).as(refused.getMessage()).isIn(LOGIN_REFUSED);
    }

    static Connection connect(int port, String host, String user, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("connectTimeout", "10");
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/postgres", properties);
    }

    private static String show(Statement statement, String setting) throws SQLException {
        try (ResultSet row = statement.executeQuery("SHOW " + setting)) {
            row.next();
            return row.getString(1);
        }
    }

    static String permissions(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    private static Set<PosixFilePermission> posix(Path path) {
        try {
            return Files.getPosixFilePermissions(path);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
