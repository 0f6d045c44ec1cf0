package io.sessionkeeper.adapter.quality;

import io.sessionkeeper.domain.model.IpAddress;
import io.sessionkeeper.domain.model.IpRange;
import io.sessionkeeper.domain.port.out.EchoProber;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link EchoProber} through fping run as a process: {@code fping -C <echoes> -q -r 0 -t <timeout> -p <period> -i
 * <interval> -f -}, the targets on its standard input (never on its command line), its summary read back
 * ({@link FpingOutput}). The global rate is fping's own {@code -i}: at most one echo every {@code interval} ms to any
 * target, so {@code echoesPerSecond} holds however many targets a call has. Targets outside the ranges are dropped
 * here too (answered with nothing sent), whatever the caller checked; so are duplicates.
 *
 * <p>Why a process: fping is a maintained, setuid-free (capability {@code cap_net_raw}) tool every distribution
 * ships; ICMP from Java needs raw sockets the JVM does not offer (ADR 0042).
 */
public final class FpingProber implements EchoProber {
    private static final Logger LOG = LoggerFactory.getLogger(FpingProber.class);

    /** Targets one fping process is given. */
    static final int TARGETS_PER_RUN = 1_000;

    /** A per-target period below this makes no sense for a quality figure (and fping may refuse it). */
    static final long MIN_PERIOD_MILLIS = 100;

    /**
     * @param program the fping executable (a name on the PATH, or a path)
     * @param ranges the subscriber ranges; nothing outside them is ever probed
     * @param echoesPerTarget echoes to each target per call (1-20)
     * @param echoesPerSecond echoes per second over all targets (1-10,000)
     * @param timeout how long an echo is waited for
     */
    public record Config(
            List<String> program, List<IpRange> ranges, int echoesPerTarget, int echoesPerSecond, Duration timeout) {
        public Config {
            program = List.copyOf(program);
            ranges = List.copyOf(ranges);
            if (program.isEmpty()) {
                throw new IllegalArgumentException("program is required");
            }
            if (echoesPerTarget < 1 || echoesPerTarget > 20) {
                throw new IllegalArgumentException("echoesPerTarget must be 1 to 20");
            }
            if (echoesPerSecond < 1 || echoesPerSecond > 10_000) {
                throw new IllegalArgumentException("echoesPerSecond must be 1 to 10000");
            }
            if (timeout.isNegative() || timeout.isZero() || timeout.toMillis() > 10_000) {
                throw new IllegalArgumentException("timeout must be 1 ms to 10 s");
            }
        }
    }

    private final Config config;

    public FpingProber(Config config) {
        this.config = config;
    }

    @Override
    public List<IpRange> ranges() {
        return config.ranges();
    }

    @Override
    public int echoesPerTarget() {
        return config.echoesPerTarget();
    }

    @Override
    public int echoesPerSecond() {
        return config.echoesPerSecond();
    }

    @Override
    public synchronized List<EchoResult> probe(List<IpAddress> targets) {
        List<EchoResult> results = new ArrayList<>(targets.size());
        Set<IpAddress> allowed = new LinkedHashSet<>();
        for (IpAddress target : targets) {
            if (config.ranges().stream().anyMatch(r -> r.contains(target)) && target.isUnicastHost()) {
                allowed.add(target);
            } else {
                results.add(new EchoResult(target, 0, List.of()));
            }
        }
        List<IpAddress> list = List.copyOf(allowed);
        for (int from = 0; from < list.size(); from += TARGETS_PER_RUN) {
            results.addAll(run(list.subList(from, Math.min(list.size(), from + TARGETS_PER_RUN))));
        }
        return results;
    }

    /** The gap between two echoes to any target: the global rate. */
    long intervalMillis() {
        return Math.max(1, (long) Math.ceil(1000.0 / config.echoesPerSecond()));
    }

    private List<EchoResult> run(List<IpAddress> targets) {
        long interval = intervalMillis();
        long period = Math.max(MIN_PERIOD_MILLIS, interval * targets.size());
        List<String> command = new ArrayList<>(config.program());
        command.addAll(List.of(
                "-C",
                Integer.toString(config.echoesPerTarget()),
                "-q",
                "-r",
                "0",
                "-t",
                Long.toString(config.timeout().toMillis()),
                "-p",
                Long.toString(period),
                "-i",
                Long.toString(interval),
                "-f",
                "-"));
        // every echo at its period, then the last one's time-out, and room for the process itself
        long expected = period * config.echoesPerTarget() + config.timeout().toMillis() + 10_000;
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot start fping (" + config.program().get(0) + "): " + e.getMessage(), e);
        }
        try {
            try (Writer in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.US_ASCII)) {
                for (IpAddress target : targets) {
                    in.write(target.toString());
                    in.write('\n');
                }
            }
            List<String> lines = new ArrayList<>();
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII))) {
                String line;
                while ((line = out.readLine()) != null && lines.size() < 2 * targets.size() + 100) {
                    lines.add(line);
                }
            }
            if (!process.waitFor(expected, TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("fping took longer than " + expected + " ms");
            }
            int exit = process.exitValue();
            // 0: all answered, 1: some did not, 2: an address not found; 3 and 4 are errors of use or of the system
            if (exit > 2) {
                throw new IllegalStateException("fping failed (exit " + exit + "): "
                        + String.join(" | ", lines.subList(0, Math.min(3, lines.size()))));
            }
            Map<String, FpingOutput.Line> parsed = FpingOutput.parse(lines, config.echoesPerTarget());
            List<EchoResult> results = new ArrayList<>(targets.size());
            for (IpAddress target : targets) {
                FpingOutput.Line line = parsed.get(target.toString());
                results.add(
                        line == null
                                ? new EchoResult(target, 0, List.of())
                                : new EchoResult(target, line.sent(), line.rttMillis()));
            }
            LOG.debug("fping: {} targets, exit {}", targets.size(), exit);
            return results;
        } catch (IOException e) {
            throw new IllegalStateException("fping: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while fping ran", e);
        } finally {
            process.destroyForcibly();
        }
    }
}
