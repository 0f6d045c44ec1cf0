package io.sessionkeeper.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessionkeeper.adapter.radius.testing.AccountingTestBed;
import io.sessionkeeper.domain.model.Session;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line as the benchmark scripts and an operator use it, run in-process. */
class LoadgenCommandTest {
    private static final String SECRET = "loadgen-cli-secret";

    record Run(int exitCode, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = LoadgenCommand.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int code = commandLine.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void helpNamesTheLoadAndVerificationOptionsAndTheLoopbackLimit() {
        Run help = run("--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out())
                .contains("session-loadgen", "loopback", "--server", "--secret", "--nas", "--subscribers")
                .contains("--verify-api", "--verify-jdbc", "--verify-schema", "radacct");
    }

    @Test
    void aServerOffLoopbackIsRefusedInOneLineWithExitCode2() {
        Run run = run("--secret", SECRET, "--server", "192.0.2.1:1813", "--subscribers", "1");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .startsWith("error: load tests may target loopback addresses only")
                .doesNotContain("\tat ");
        assertThat(run.out()).doesNotContain("loadgen run");
    }

    @Test
    void aNasAddressOffLoopbackIsRefused() {
        Run run = run("--secret", SECRET, "--nas", "127.0.0.2,192.0.2.7", "--subscribers", "1");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("error: NAS source addresses must be loopback");
    }

    @Test
    void verificationThroughTheApiWithoutATokenIsRefusedBeforeAnyPacketIsSent() {
        Run run = run("--secret", SECRET, "--verify-api", "http://127.0.0.1:1", "--subscribers", "1");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("error: --verify-api needs --token");
        assertThat(run.out()).doesNotContain("loadgen run");
    }

    @Test
    void aNegativeWarmUpIsRefusedBeforeAnyPacketIsSent() {
        Run run = run("--secret", SECRET, "--subscribers", "1", "--warmup-subscribers", "-1");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("error: --warmup-subscribers must not be negative");
        assertThat(run.out()).doesNotContain("loadgen run").doesNotContain("warm-up");
    }

    @Test
    void aRunAgainstTheRealListenerReportsEveryPacketAcknowledgedAndExitsZero() throws Exception {
        try (AccountingTestBed bed = new AccountingTestBed()) {
            bed.register("nas-2", "127.0.0.2", SECRET);
            bed.register("nas-3", "127.0.0.3", SECRET);
            bed.start();

            Run run = run(
                    "--server", "127.0.0.1:" + bed.port(),
                    "--secret", SECRET,
                    "--nas", "2",
                    "--sockets-per-nas", "1",
                    "--subscribers", "40",
                    "--interims", "1",
                    "--run-id", "cli1");

            assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
            assertThat(run.out())
                    .contains("loadgen run cli1: 40 subscribers x 3 packets over 2 NAS")
                    .contains("requests 120, transmissions 120, acknowledged 120")
                    .contains("lost 0, unsent 0");
            assertThat(bed.sessions()).hasSize(40).noneMatch(Session::isActive);
            assertThat(bed.session("cli1-00000027")).isPresent();
        }
    }

    @Test
    void aWarmUpInTheSameProcessRunsFirstWithItsOwnSessionsAndWaitsForALineWhenAsked() throws Exception {
        InputStream stdin = System.in;
        try (AccountingTestBed bed = new AccountingTestBed()) {
            bed.register("nas-2", "127.0.0.2", SECRET);
            bed.start();
            System.setIn(new ByteArrayInputStream("go\n".getBytes(StandardCharsets.UTF_8)));

            Run run = run(
                    "--server",
                    "127.0.0.1:" + bed.port(),
                    "--secret",
                    SECRET,
                    "--nas",
                    "1",
                    "--sockets-per-nas",
                    "1",
                    "--subscribers",
                    "20",
                    "--interims",
                    "1",
                    "--run-id",
                    "cli2",
                    "--warmup-subscribers",
                    "10",
                    "--warmup-run-id",
                    "wu1",
                    "--pause-after-warmup");

            assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
            assertThat(run.out())
                    .containsSubsequence(
                            "warm-up: requests 30, transmissions 30, acknowledged 30",
                            "warm-up done: waiting for a line on standard input",
                            "loadgen run cli2: 20 subscribers x 3 packets",
                            "requests 60, transmissions 60, acknowledged 60")
                    .doesNotContain("warm-up: t=");
            assertThat(bed.sessions()).hasSize(30);
            assertThat(bed.session("wu1-00000009")).isPresent();
            assertThat(bed.session("cli2-00000013")).isPresent();
        } finally {
            System.setIn(stdin);
        }
    }

    @Test
    void aServerThatNeverAnswersEndsTheRunWithExitCode1() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            Run run = run(
                    "--server", "127.0.0.1:" + silent.getLocalPort(),
                    "--secret", SECRET,
                    "--nas", "1",
                    "--sockets-per-nas", "1",
                    "--subscribers", "2",
                    "--interims", "0",
                    "--timeout-ms", "20",
                    "--retransmissions", "0");

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.out()).contains("acknowledged 0").contains("lost 4");
        }
    }
}
