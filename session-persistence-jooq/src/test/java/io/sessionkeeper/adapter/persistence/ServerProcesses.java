package io.sessionkeeper.adapter.persistence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The processes of a PostgreSQL server (its postmaster, found by the cluster's {@code postmaster.pid}, and every
 * backend and helper below it), to stall it with SIGSTOP as a hung host or a lost network would, and resume it with
 * SIGCONT.
 */
public final class ServerProcesses {
    private final long postmaster;

    private ServerProcesses(long postmaster) {
        this.postmaster = postmaster;
    }

    public static ServerProcesses of(Path clusterDirectory) {
        try {
            String first = Files.readAllLines(clusterDirectory.resolve("postmaster.pid"))
                    .get(0);
            return new ServerProcesses(Long.parseLong(first.trim()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGSTOP to the server and all its processes: connections stay open, nothing answers. */
    public void stall() {
        signal("-STOP");
    }

    /** SIGCONT: the server carries on where it stopped. */
    public void resume() {
        signal("-CONT");
    }

    private void signal(String signal) {
        ProcessHandle root = ProcessHandle.of(postmaster)
                .orElseThrow(() -> new IllegalStateException("PostgreSQL pid " + postmaster + " is not running"));
        List<String> command = new ArrayList<>(List.of("kill", signal));
        Stream.concat(Stream.of(root), root.descendants()).forEach(p -> command.add(Long.toString(p.pid())));
        try {
            // a backend that ended meanwhile makes kill complain about its pid, and signal the others all the same
            Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
