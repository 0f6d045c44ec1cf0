package io.sessionkeeper.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A test JVM leaves no embedded PostgreSQL behind: when it exits, the shared test database's server is stopped and
 * its data directory (~100 MB with the cluster) deleted. Run in a JVM of its own, which ends as surefire's do.
 */
class TestDatabaseCleanupTest {
    @Test
    void theDataDirectoryOfTheSharedTestDatabaseIsGoneWhenItsJvmHasExited() throws Exception {
        assumeTrue(System.getenv(TestDatabase.ENV_URL) == null, "an external test database is configured");
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        classPath,
                        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                        UsesTheTestDatabase.class.getName())
                .redirectErrorStream(true)
                .start();
        List<String> output = new ArrayList<>();
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            lines.lines().forEach(output::add);
        }
        assertThat(child.waitFor(300, TimeUnit.SECONDS)).as("the JVM ended").isTrue();
        assertThat(child.exitValue()).as(String.join("\n", output)).isZero();
        Path directory = output.stream()
                .filter(line -> line.startsWith("DIRECTORY "))
                .map(line -> Path.of(line.substring("DIRECTORY ".length())))
                .findFirst()
                .orElseThrow(() -> new AssertionError(String.join("\n", output)));
        long pid = output.stream()
                .filter(line -> line.startsWith("POSTMASTER "))
                .mapToLong(line -> Long.parseLong(line.substring("POSTMASTER ".length())))
                .findFirst()
                .orElseThrow();

        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive))
                .as("the PostgreSQL server of the exited JVM")
                .isEmpty();
        assertThat(directory).as("the data directory of the exited JVM").doesNotExist();
    }

    /** The child JVM: uses the shared test database, says where it lives, and exits. */
    static final class UsesTheTestDatabase {
        public static void main(String[] args) throws Exception {
            TestDatabase database = TestDatabase.get();
            database.execute("SELECT 1");
            Path directory = database.directory().orElseThrow();
            System.out.println("DIRECTORY " + directory);
            System.out.println("POSTMASTER "
                    + java.nio.file.Files.readAllLines(directory.resolve("postgres/postmaster.pid"))
                            .get(0)
                            .trim());
        }
    }
}
