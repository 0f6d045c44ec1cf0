package io.sessionkeeper.adapter.radius;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessionkeeper.adapter.radius.testing.AccountingListenerCounters;
import io.sessionkeeper.adapter.radius.testing.AccountingTestBed;
import io.sessionkeeper.adapter.radius.testing.Histogram;
import io.sessionkeeper.adapter.radius.testing.Radclient;
import io.sessionkeeper.domain.port.in.AccountingBatchResult;
import io.sessionkeeper.domain.port.in.PreparedAccounting;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Measures how many accounting packets per second one radclient run of 2,000 packets pushes through the listener
 * into the in-memory repository (real accounting rules, acknowledge-after-commit, production batching defaults),
 * and which batch sizes that makes; then the same against a use case that records nothing, the ceiling of radclient
 * plus the adapter. Bounded: 17 runs of 2,000 packets. The figures go to stdout and target/radius-throughput.txt
 * (docs/radius.md quotes them); the assertions only check that nothing was lost.
 */
class ThroughputMeasurementTest {
    private static final int PACKETS = 2_000;
    private static final int RUNS = 5;
    // radclient's socket keeps ~270 answers (default 208 KiB buffer): beyond -p 256 a burst of answers overflows
    // it, radclient retransmits after its time-out and the run measures that time-out instead.
    private static final int[] PARALLELISM = {50, 200};
    private static final String SECRET = "bench-secret";

    private final AccountingTestBed bed = new AccountingTestBed();
    private int sequence;

    @AfterEach
    void stop() {
        bed.close();
    }

    @Test
    void radclientRunsOf2000PacketsAreFullyRecordedAndAcknowledged() throws IOException, InterruptedException {
        Radclient.assumeInstalled();
        bed.register("bench-nas", "127.0.0.1", SECRET);
        AccountingListenerSettings production = AccountingListenerSettings.defaults();
        bed.start(s -> s.withBatching(production.maxBatchSize(), production.maxBatchDelay()));
        long now = Instant.now().getEpochSecond();
        List<String> report = new ArrayList<>();
        report.add("load average before: " + loadAverage());
        run(bed.port(), 200, now);
        AccountingListenerCounters.Snapshot warmedUp = bed.stats();
        for (int parallel : PARALLELISM) {
            long before = bed.stats().batches();
            double[] rates = new double[RUNS];
            for (int i = 0; i < RUNS; i++) {
                rates[i] = run(bed.port(), parallel, now);
            }
            long batches = bed.stats().batches() - before;
            report.add(line("in-memory repository", parallel, rates)
                    + String.format(Locale.ROOT, "; mean batch %.0f events", (double) RUNS * PACKETS / batches));
        }
        long expected = (long) (1 + RUNS * PARALLELISM.length) * PACKETS;
        // an answer is counted right after it is sent: the client may have it before the counter moves
        AccountingListenerCounters.Snapshot total =
                bed.awaitStats(s -> s.answered() == expected, Duration.ofSeconds(5));
        assertThat(total.answered()).isEqualTo(expected);
        assertThat(bed.sessions()).hasSize((1 + RUNS * PARALLELISM.length) * PACKETS);
        assertThat(total.droppedTotal()).isZero();
        report.add("answered from the duplicate cache (radclient retransmissions): " + total.answeredFromCache());
        report.add("batch sizes after warm-up: " + minus(total.batchSizes(), warmedUp.batchSizes()));
        report.add("commit milliseconds after warm-up: " + minus(total.commitMillis(), warmedUp.commitMillis()));
        report.addAll(withoutDomain(now));
        report.add("load average after: " + loadAverage());
        report.forEach(line -> System.out.println("[throughput] " + line));
        Files.write(Path.of("target", "radius-throughput.txt"), report, StandardCharsets.UTF_8);
    }

    private List<String> withoutDomain(long now) {
        AccountingListener listener = new AccountingListener(
                AccountingTestBed.settings()
                        .withBatching(
                                AccountingListenerSettings.defaults().maxBatchSize(),
                                AccountingListenerSettings.defaults().maxBatchDelay()),
                command -> PreparedAccounting.done(AccountingBatchResult.EMPTY),
                bed.lookup,
                AccountingListenerMetrics.none(),
                Clock.systemUTC());
        listener.start();
        List<String> lines = new ArrayList<>();
        try {
            int port = listener.localAddress().getPort();
            run(port, 200, now);
            for (int parallel : new int[] {200}) {
                double[] rates = new double[RUNS];
                for (int i = 0; i < RUNS; i++) {
                    rates[i] = run(port, parallel, now);
                }
                lines.add(line("no-op use case", parallel, rates));
            }
        } finally {
            listener.close();
        }
        return lines;
    }

    /** One radclient run; packets per second, measured around the whole process (start-up included). */
    private double run(int port, int parallel, long now) {
        String packets = packets(sequence++, now);
        long started = System.nanoTime();
        Radclient.Result result =
                Radclient.accounting(port, SECRET, packets, "-q", "-p", String.valueOf(parallel), "-r", "3", "-t", "3");
        long nanos = System.nanoTime() - started;
        assertThat(result.exitCode()).as(result.output()).isZero();
        return PACKETS * 1e9 / nanos;
    }

    private static String line(String what, int parallel, double[] rates) {
        double[] sorted = rates.clone();
        Arrays.sort(sorted);
        return String.format(
                Locale.ROOT,
                "%s, radclient -p %d: median %.0f packets/s, best %.0f (runs: %s)",
                what,
                parallel,
                sorted[sorted.length / 2],
                sorted[sorted.length - 1],
                Arrays.stream(rates)
                        .mapToObj(r -> String.format(Locale.ROOT, "%.0f", r))
                        .toList());
    }

    private static Histogram.Snapshot minus(Histogram.Snapshot total, Histogram.Snapshot earlier) {
        long[] counts = new long[total.counts().length];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = total.counts()[i] - earlier.counts()[i];
        }
        return new Histogram.Snapshot(total.upperBounds(), counts, total.sum() - earlier.sum(), total.max());
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Interim-Updates of 2,000 distinct PPPoE sessions, each creating its session (no Start seen). */
    private static String packets(int run, long now) {
        StringBuilder out = new StringBuilder(PACKETS * 300);
        for (int i = 0; i < PACKETS; i++) {
            out.append("Acct-Status-Type = Interim-Update\n")
                    .append("Acct-Session-Id = \"")
                    .append(String.format(Locale.ROOT, "%X", 0x81000000L + run * 100_000L + i))
                    .append("\"\n")
                    .append("User-Name = \"customer")
                    .append(run)
                    .append('-')
                    .append(i)
                    .append("\"\n")
                    .append("NAS-Port-Id = \"ether1\"\n")
                    .append("Framed-Protocol = PPP\n")
                    .append("Framed-IP-Address = 100.64.")
                    .append(i / 250)
                    .append('.')
                    .append(i % 250 + 1)
                    .append('\n')
                    .append("Calling-Station-Id = \"")
                    .append(String.format(Locale.ROOT, "AA:BB:%02X:00:%02X:%02X", run, i >> 8, i & 0xFF))
                    .append("\"\n")
                    .append("Acct-Session-Time = 600\n")
                    .append("Acct-Input-Octets = ")
                    .append(1_000_000L + i)
                    .append("\nAcct-Output-Octets = ")
                    .append(9_000_000L + i)
                    .append("\nAcct-Input-Packets = 1000\nAcct-Output-Packets = 9000\n")
                    .append("Event-Timestamp = ")
                    .append(now)
                    .append("\n\n");
        }
        return out.toString();
    }
}
