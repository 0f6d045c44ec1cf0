package io.sessionkeeper.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessionkeeper.adapter.radius.codec.AccountingResponseEncoder;
import io.sessionkeeper.adapter.radius.codec.Authenticators;
import io.sessionkeeper.adapter.radius.codec.RawPacket;
import io.sessionkeeper.adapter.radius.testing.AccountingTestBed;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.loadgen.verify.Verification;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Correctness of the load generator over loopback; no timing is asserted. */
class LoadGeneratorTest {
    private static final String SECRET = "loadgen-secret";

    @Test
    void everySessionOfSeveralNasReachesTheRealListenerWithItsFinalCountersDespiteDuplicatesAndReordering()
            throws Exception {
        try (AccountingTestBed bed = new AccountingTestBed()) {
            bed.register("nas-2", "127.0.0.2", SECRET);
            bed.register("nas-3", "127.0.0.3", SECRET);
            bed.start();
            LoadgenSettings settings = settings(bed.port(), 300, 3, 0.2, 0.3, Duration.ofSeconds(1), 3);

            LoadgenReport report = new LoadGenerator(settings, line -> {}).run();

            assertThat(report.complete()).as(report.format()).isTrue();
            assertThat(report.requests()).isEqualTo(300L * 5);
            assertThat(report.duplicatesSent()).isPositive();
            assertThat(report.invalidResponses()).isZero();
            assertThat(report.latencyByKind().start().count()).isEqualTo(300);
            assertThat(report.latencyByKind().interim().count()).isEqualTo(300 * 3);
            assertThat(report.latencyByKind().stop().count()).isEqualTo(300);
            assertThat(report.latency().count()).as("all kinds together").isEqualTo(300 * 5);
            Map<String, List<Verification.Observed>> found = bed.sessions().stream()
                    .map(LoadGeneratorTest::observed)
                    .collect(Collectors.groupingBy(Verification.Observed::acctSessionId));
            Verification.Result result = Verification.check(Verification.expected(settings), found);
            assertThat(result.ok()).as(result.format()).isTrue();
            assertThat(bed.sessions()).allMatch(session -> !session.isActive());
        }
    }

    @Test
    void unansweredFirstTransmissionsAreRetransmittedWithTheSameIdentifierAndAuthenticator() throws Exception {
        try (Responder responder = new Responder(3)) {
            LoadgenSettings settings = settings(responder.port(), 50, 2, 0, 0, Duration.ofMillis(100), 2);

            LoadgenReport report = new LoadGenerator(settings, line -> {}).run();

            assertThat(report.complete()).as(report.format()).isTrue();
            assertThat(report.retransmitted()).isEqualTo(responder.dropped());
            assertThat(responder.dropped()).isPositive();
            assertThat(responder.retransmissionsSeen()).isEqualTo(responder.dropped());
        }
    }

    @Test
    void aServerThatNeverAnswersLeavesEveryFirstRequestLostAfterItsRetransmissions() throws Exception {
        try (Responder responder = new Responder(1)) {
            LoadgenSettings settings = settings(responder.port(), 4, 1, 0, 0, Duration.ofMillis(20), 1);

            LoadgenReport report = new LoadGenerator(settings, line -> {}).run();

            assertThat(report.acknowledged()).isZero();
            assertThat(report.lost()).isEqualTo(report.requests()).isEqualTo(4L * 3);
            assertThat(report.retransmitted()).isEqualTo(report.requests());
            assertThat(report.complete()).isFalse();
        }
    }

    @Test
    void refusesTargetsOutsideLoopback() throws Exception {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new LoadgenSettings(
                        new InetSocketAddress("192.0.2.1", 1813),
                        List.of(nas(2)),
                        new byte[1],
                        new SessionPlan("x", 1),
                        1,
                        1,
                        1,
                        0,
                        Duration.ofSeconds(1),
                        0,
                        Duration.ofSeconds(1),
                        0,
                        0,
                        1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static LoadgenSettings settings(
            int port,
            int subscribers,
            int interims,
            double duplicates,
            double reorder,
            Duration timeout,
            int retransmissions)
            throws Exception {
        return new LoadgenSettings(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                List.of(nas(2), nas(3)),
                Authenticators.secretBytes(SECRET),
                new SessionPlan("u" + Long.toString(System.nanoTime() % 100000, 36), interims),
                subscribers,
                2,
                16,
                0,
                timeout,
                retransmissions,
                Duration.ofSeconds(60),
                duplicates,
                reorder,
                42);
    }

    private static Inet4Address nas(int last) throws Exception {
        return (Inet4Address) InetAddress.getByName("127.0.0." + last);
    }

    private static Verification.Observed observed(Session session) {
        return new Verification.Observed(
                session.acctSessionId(),
                null,
                session.usage().downloadOctets(),
                session.usage().uploadOctets());
    }

    /**
     * A minimal accounting server: checks the Request Authenticator, ignores the first transmission of every
     * {@code dropEvery}-th request (1 = never answers), answers the rest.
     */
    private static final class Responder implements AutoCloseable {
        private final DatagramSocket socket;
        private final Thread thread;
        private final int dropEvery;
        private final Set<String> droppedKeys = new HashSet<>();
        private final List<String> retransmissions = new ArrayList<>();
        private volatile boolean running = true;
        private int sequence;

        Responder(int dropEvery) throws Exception {
            this.dropEvery = dropEvery;
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            socket.setSoTimeout(50);
            thread = new Thread(this::serve, "test-responder");
            thread.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        synchronized int dropped() {
            return droppedKeys.size();
        }

        synchronized int retransmissionsSeen() {
            return retransmissions.size();
        }

        private void serve() {
            byte[] secret = Authenticators.secretBytes(SECRET);
            AccountingResponseEncoder encoder = new AccountingResponseEncoder();
            byte[] buffer = new byte[4096];
            while (running) {
                DatagramPacket datagram = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(datagram);
                    RawPacket request = RawPacket.parse(buffer, 0, datagram.getLength());
                    if (!Authenticators.requestAuthenticatorValid(request, secret)) {
                        continue;
                    }
                    String key = datagram.getSocketAddress() + "/" + request.identifier() + "/"
                            + java.util.HexFormat.of().formatHex(request.authenticator());
                    synchronized (this) {
                        if (droppedKeys.contains(key)) {
                            retransmissions.add(key);
                        } else if (sequence++ % dropEvery == 0) {
                            droppedKeys.add(key);
                            continue;
                        }
                    }
                    if (dropEvery == 1) {
                        continue;
                    }
                    byte[] response = encoder.encode(request.identifier(), request.authenticator(), List.of(), secret);
                    socket.send(new DatagramPacket(response, response.length, datagram.getSocketAddress()));
                } catch (SocketTimeoutException e) {
                    // poll running
                } catch (Exception e) {
                    if (running) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }

        @Override
        public void close() throws Exception {
            running = false;
            thread.join(2000);
            socket.close();
        }
    }
}
