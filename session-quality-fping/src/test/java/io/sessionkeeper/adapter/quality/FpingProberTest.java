package io.sessionkeeper.adapter.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.sessionkeeper.domain.model.IpAddress;
import io.sessionkeeper.domain.model.IpRange;
import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.model.QualityStats;
import io.sessionkeeper.domain.model.QualityTally;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.port.in.ProbeQualityUseCase.ProbeRound;
import io.sessionkeeper.domain.port.in.TrackAccountingCommand;
import io.sessionkeeper.domain.port.out.EchoProber.EchoResult;
import io.sessionkeeper.domain.service.AccountingPolicy;
import io.sessionkeeper.domain.service.AccountingService;
import io.sessionkeeper.domain.service.QualityPolicy;
import io.sessionkeeper.domain.service.QualityProbeService;
import io.sessionkeeper.domain.testing.Fixtures;
import io.sessionkeeper.domain.testing.InMemoryQualityStore;
import io.sessionkeeper.domain.testing.InMemorySessionRepository;
import io.sessionkeeper.domain.testing.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fping prober for real: echoes to loopback addresses (127.0.0.0/8) only, and the loss path to a subscriber range
 * where nothing answers, inside a network namespace the test makes (skipped, saying why, without root or ip netns).
 */
class FpingProberTest {
    private static final IpRange LOOPBACK = IpRange.parse("ranges", "127.0.0.0/8");

    @TempDir
    Path dir;

    /** fping behind a script that first writes what fping is given (arguments and standard input) to a file. */
    private List<String> recordingFping(Path log, String... prefix) throws IOException {
        Path script = dir.resolve("fping-" + UUID.randomUUID());
        String run = String.join(" ", prefix) + (prefix.length == 0 ? "" : " ") + "fping";
        Files.writeString(
                script, "#!/bin/sh\necho \"args: $*\" >> " + log + "\ntee -a " + log + " | exec " + run + " \"$@\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return List.of(script.toString());
    }

    private static void requireFping() {
        assumeThat(Files.isExecutable(Path.of("/usr/bin/fping")) || Files.isExecutable(Path.of("/usr/sbin/fping")))
                .as("fping is not installed (apt-get install fping)")
                .isTrue();
    }

    @Test
    void loopbackAnswersEveryEchoAndAnAddressOutsideTheRangesNeverReachesFping() throws Exception {
        requireFping();
        Path log = dir.resolve("asked.log");
        FpingProber prober = new FpingProber(
                new FpingProber.Config(recordingFping(log), List.of(LOOPBACK), 3, 200, Duration.ofMillis(500)));

        List<EchoResult> results = prober.probe(
                List.of(IpAddress.parse("127.0.0.1"), IpAddress.parse("127.0.0.2"), IpAddress.parse("192.0.2.55")));

        assertThat(results).hasSize(3);
        for (EchoResult result : results) {
            if (result.target().equals(IpAddress.parse("192.0.2.55"))) {
                assertThat(result.sent()).isZero();
            } else {
                assertThat(result.sent()).isEqualTo(3);
                assertThat(result.rttMillis()).hasSize(3).allSatisfy(rtt -> assertThat(rtt)
                        .isBetween(0.0, 100.0));
            }
        }
        String asked = Files.readString(log);
        assertThat(asked).contains("127.0.0.1").contains("127.0.0.2").doesNotContain("192.0.2.55");
        // 200 echoes/s: one every 5 ms to any target
        assertThat(asked).contains("-i 5").contains("-C 3");
    }

    @Test
    void aProbeRoundStoresTheLoopbackAnswersAsMeasurementsOfTheSessions() throws Exception {
        requireFping();
        MutableClock clock = new MutableClock(Fixtures.T0.plusSeconds(3600));
        InMemorySessionRepository sessions = new InMemorySessionRepository();
        InMemoryQualityStore store = new InMemoryQualityStore(sessions);
        AccountingService accounting = new AccountingService(sessions, AccountingPolicy.DEFAULT);
        Nas nas = Fixtures.nas("Main Router", "192.0.2.1");
        for (String[] s :
                new String[][] {{"alice", "A1", "127.0.0.1"}, {"bob", "B1", "127.0.0.3"}, {"eve", "E1", "10.0.0.7"}}) {
            accounting.track(new TrackAccountingCommand(List.of(Fixtures.start(nas, s[0], s[1], Fixtures.T0)
                    .framedIp(IpAddress.parse(s[2]))
                    .build())));
        }
        Path log = dir.resolve("round.log");
        QualityProbeService probes = new QualityProbeService(
                store,
                new FpingProber(
                        new FpingProber.Config(recordingFping(log), List.of(LOOPBACK), 4, 100, Duration.ofMillis(500))),
                sessions.events(),
                QualityPolicy.DEFAULT,
                clock);

        ProbeRound round = probes.probeRound();

        assertThat(round).isEqualTo(new ProbeRound(3, 1, 2, 0));
        assertThat(Files.readString(log)).doesNotContain("10.0.0.7");
        for (Session session : sessions.all()) {
            List<QualityTally> buckets = store.buckets(
                    Fixtures.TENANT, session.id(), Fixtures.T0, clock.instant().plusSeconds(300));
            if (session.username().equals("eve")) {
                assertThat(buckets).isEmpty();
                continue;
            }
            assertThat(buckets).singleElement().satisfies(bucket -> {
                assertThat(bucket.start()).isEqualTo(Fixtures.T0.plusSeconds(3600));
                assertThat(bucket.sent()).isEqualTo(4);
                assertThat(bucket.lost()).isZero();
                assertThat(bucket.rttMillis()).hasSize(4);
                QualityStats stats = bucket.stats();
                assertThat(stats.lossPercent()).isEqualTo(0.0);
                assertThat(stats.rttP95Millis()).isBetween(0.0, 100.0);
                assertThat(stats.rttP50Millis()).isLessThanOrEqualTo(stats.rttP95Millis());
                assertThat(stats.jitterMillis()).isNotNull();
                assertThat(stats.samples()).isEqualTo(4);
            });
        }
    }

    @Test
    void anAddressOfTheSubscriberRangeThatNothingAnswersIsAllLossInANamespaceOfItsOwn() throws Exception {
        requireFping();
        assumeThat(new com.sun.security.auth.module.UnixSystem().getUid())
                .as("needs root to make a network namespace")
                .isZero();
        assumeThat(Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/usr/bin/ip")))
                .as("needs iproute2 (ip netns)")
                .isTrue();
        String ns = "skq-" + UUID.randomUUID().toString().substring(0, 8);
        assumeThat(sh("ip", "netns", "add", ns)).as("ip netns add failed").isZero();
        try {
            // a veth pair inside the namespace carries 100.64.77.0/24; nothing there has .20
            assertThat(sh("ip", "-n", ns, "link", "add", "v0", "type", "veth", "peer", "name", "v1"))
                    .isZero();
            assertThat(sh("ip", "-n", ns, "addr", "add", "100.64.77.1/24", "dev", "v0"))
                    .isZero();
            assertThat(sh("ip", "-n", ns, "link", "set", "v0", "up")).isZero();
            assertThat(sh("ip", "-n", ns, "link", "set", "v1", "up")).isZero();
            assertThat(sh("ip", "-n", ns, "link", "set", "lo", "up")).isZero();
            Path log = dir.resolve("netns.log");
            FpingProber prober = new FpingProber(new FpingProber.Config(
                    recordingFping(log, "ip", "netns", "exec", ns),
                    List.of(IpRange.parse("ranges", "100.64.77.0/24")),
                    3,
                    100,
                    Duration.ofMillis(300)));

            List<EchoResult> results = prober.probe(List.of(IpAddress.parse("100.64.77.20")));

            assertThat(results).containsExactly(new EchoResult(IpAddress.parse("100.64.77.20"), 3, List.of()));
        } finally {
            sh("ip", "netns", "del", ns);
        }
    }

    @Test
    void fpingsRecordedOutputOfALostAddressReadsAsEveryEchoSentAndNoneAnswered() {
        // recorded from the namespace run above (fping 5.1): one unanswered, one loopback target
        var parsed = FpingOutput.parse(
                List.of("100.64.77.20 : - - -", "127.0.0.1    : 0.109 0.050 0.047", "ICMP Host Unreachable from x"), 3);
        assertThat(parsed.get("100.64.77.20")).isEqualTo(new FpingOutput.Line(3, List.of()));
        assertThat(parsed.get("127.0.0.1")).isEqualTo(new FpingOutput.Line(3, List.of(0.109, 0.050, 0.047)));
        assertThat(parsed).hasSize(2);
        assertThat(FpingOutput.parse(List.of("127.0.0.1 : 1 2 3 4", "127.0.0.2 : NaN", "127.0.0.3 : -5"), 3))
                .as("more echoes than asked, and values that are no round trip")
                .isEmpty();
    }

    private static int sh(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor(10, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }
}
