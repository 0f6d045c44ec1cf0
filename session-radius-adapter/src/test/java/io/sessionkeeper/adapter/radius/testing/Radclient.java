package io.sessionkeeper.adapter.radius.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * FreeRADIUS's {@code radclient} (Debian freeradius-utils) playing the NAS: a RADIUS implementation we did not
 * write. Its dictionaries come from /usr/share/freeradius; nothing in /etc/freeradius is read.
 */
public final class Radclient {
    private static final Path BINARY = Path.of("/usr/bin/radclient");
    private static final Pattern RECEIVED = Pattern.compile("Received (\\S+) Id (\\d+)");
    private static final Pattern SENT = Pattern.compile("Sent (\\S+) Id (\\d+)");

    private Radclient() {}

    /** Skips the calling test, saying why, when radclient is not installed (CI installs it). */
    public static void assumeInstalled() {
        assumeTrue(
                Files.isExecutable(BINARY),
                "radclient is not installed (apt-get install freeradius-utils); skipping tests that use it");
    }

    /** What one run printed and how it ended. */
    public record Result(int exitCode, String output) {
        /** Replies received, by packet code name, e.g. "Accounting-Response". */
        public int received(String codeName) {
            int count = 0;
            Matcher matcher = RECEIVED.matcher(output);
            while (matcher.find()) {
                if (matcher.group(1).equals(codeName)) {
                    count++;
                }
            }
            return count;
        }

        public int accountingResponses() {
            return received("Accounting-Response");
        }

        /** Identifiers of the packets sent, in order, retransmissions included. */
        public List<Integer> sentIdentifiers() {
            List<Integer> ids = new ArrayList<>();
            Matcher matcher = SENT.matcher(output);
            while (matcher.find()) {
                ids.add(Integer.parseInt(matcher.group(2)));
            }
            return ids;
        }

        public int noReplies() {
            int count = 0;
            int from = 0;
            while ((from = output.indexOf("No reply from server", from)) >= 0) {
                count++;
                from++;
            }
            return count;
        }
    }

    /** Sends accounting packets (radclient's attribute list format, packets separated by blank lines). */
    public static Result accounting(int port, String secret, String packets, String... options) {
        return run(port, "acct", secret, packets, options);
    }

    /**
     * Runs radclient against 127.0.0.1:{@code port}.
     *
     * @param options radclient options, e.g. "-x", "-r", "3", "-t", "0.5", "-p", "50"
     */
    public static Result run(int port, String command, String secret, String packets, String... options) {
        try {
            Path dir = Files.createTempDirectory("radclient");
            Files.writeString(dir.resolve("dictionary"), "$INCLUDE /usr/share/freeradius/dictionary\n");
            Path file = dir.resolve("packets.txt");
            Files.writeString(file, packets, StandardCharsets.UTF_8);
            // through a file, so that a non-ASCII secret reaches radclient as UTF-8 whatever the locale
            Path secretFile = dir.resolve("secret.txt");
            Files.writeString(secretFile, secret + "\n", StandardCharsets.UTF_8);
            List<String> argv = new ArrayList<>(List.of(
                    BINARY.toString(),
                    "-d",
                    dir.toString(),
                    "-D",
                    "/usr/share/freeradius",
                    "-f",
                    file.toString(),
                    "-S",
                    secretFile.toString()));
            argv.addAll(List.of(options));
            argv.add("127.0.0.1:" + port);
            argv.add(command);
            Path output = dir.resolve("output.txt");
            Process process = new ProcessBuilder(argv)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("radclient did not finish within 120 s");
            }
            String printed = Files.readString(output, StandardCharsets.UTF_8);
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
            return new Result(process.exitValue(), printed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs radclient in the background; {@link Background#await()} collects its result. */
    public static Background start(int port, String command, String secret, String packets, String... options) {
        Background background = new Background(port, command, secret, packets, options);
        background.thread.start();
        return background;
    }

    /** A radclient run on its own thread. */
    public static final class Background {
        private final Thread thread;
        private volatile Result result;
        private volatile RuntimeException failure;

        private Background(int port, String command, String secret, String packets, String... options) {
            this.thread = new Thread(
                    () -> {
                        try {
                            result = run(port, command, secret, packets, options);
                        } catch (RuntimeException e) {
                            failure = e;
                        }
                    },
                    "radclient");
        }

        public Result await() throws InterruptedException {
            thread.join(150_000);
            if (failure != null) {
                throw failure;
            }
            if (result == null) {
                throw new IllegalStateException("radclient is still running");
            }
            return result;
        }
    }
}
