package io.sessionkeeper.adapter.radius;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessionkeeper.adapter.radius.testing.TestPacket;
import io.sessionkeeper.adapter.radius.testing.UdpPeer;
import io.sessionkeeper.domain.model.DisconnectResult;
import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.testing.Fixtures;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client's transport against a scripted NAS on a bare socket: retransmission of the same octets, answers with a
 * wrong authenticator, from elsewhere, or of the wrong kind.
 */
class RadiusDisconnectorTransportTest {
    private static final String SECRET = "nas-secret";

    private final UdpPeer fakeNas = new UdpPeer();
    private final RadiusDisconnector client = new RadiusDisconnector(RadiusDisconnectorSettings.defaults()
            .withBindAddress(InetAddress.getLoopbackAddress())
            .withTimeout(Duration.ofMillis(300), 2));
    private final Nas nas = RadiusDisconnectorFreeRadiusTest.nasAt("127.0.0.1", fakeNas.port(), SECRET);
    private final Session session = Fixtures.session(nas).username("alice").build();
    private final ExecutorService callers = Executors.newCachedThreadPool();

    @AfterEach
    void close() {
        client.close();
        fakeNas.close();
        callers.shutdownNow();
    }

    private CompletableFuture<DisconnectResult> disconnectInBackground() {
        return CompletableFuture.supplyAsync(() -> client.disconnect(nas, session), callers);
    }

    private UdpPeer.Received request() {
        return fakeNas.receive(2_000).orElseThrow(() -> new AssertionError("no request reached the NAS"));
    }

    private void answer(UdpPeer.Received request, int code, String secret) {
        byte[] reply = TestPacket.ofCode(code, request.octets()[1] & 0xFF).signAsResponseTo(request.octets(), secret);
        fakeNas.send(reply, request.source());
    }

    @Test
    void withoutAnAnswerTheSamePacketIsSentAgainAndTheThirdAnswerCounts() throws Exception {
        CompletableFuture<DisconnectResult> result = disconnectInBackground();
        UdpPeer.Received first = request();
        UdpPeer.Received second = request();
        UdpPeer.Received third = request();
        answer(third, 41, SECRET);

        DisconnectResult outcome = result.get(5, TimeUnit.SECONDS);

        assertThat(second.octets()).isEqualTo(first.octets());
        assertThat(third.octets()).isEqualTo(first.octets());
        assertThat(outcome).isInstanceOf(DisconnectResult.Acked.class);
        assertThat(outcome.attempts()).isEqualTo(3);
        assertThat(outcome.roundTripMillis()).isBetween(550L, 2_000L);
        assertThat(client.stats().retransmissions()).isEqualTo(2);
    }

    @Test
    void aPortThatNeverAnswersIsATimeOutAfterEveryRetransmission() throws Exception {
        CompletableFuture<DisconnectResult> result = disconnectInBackground();
        List<UdpPeer.Received> requests = List.of(request(), request(), request());

        DisconnectResult outcome = result.get(5, TimeUnit.SECONDS);

        assertThat(outcome).isInstanceOf(DisconnectResult.TimedOut.class);
        assertThat(outcome.attempts()).isEqualTo(3);
        assertThat(outcome.roundTripMillis()).isBetween(850L, 3_000L);
        assertThat(requests)
                .extracting(r -> r.source())
                .containsOnly(requests.get(0).source());
        assertThat(fakeNas.receive(400)).isEmpty();
    }

    @Test
    void anAnswerWithAWrongAuthenticatorIsIgnoredAndCounted() throws Exception {
        CompletableFuture<DisconnectResult> result = disconnectInBackground();
        UdpPeer.Received first = request();
        answer(first, 41, "forged");
        answer(first, 41, SECRET);

        DisconnectResult outcome = result.get(5, TimeUnit.SECONDS);

        assertThat(outcome).isInstanceOf(DisconnectResult.Acked.class);
        assertThat(outcome.attempts()).isEqualTo(1);
        assertThat(client.stats().badAuthenticator()).isEqualTo(1);
    }

    @Test
    void onlyAnswersWithAWrongAuthenticatorMeanATimeOut() throws Exception {
        CompletableFuture<DisconnectResult> result = disconnectInBackground();
        for (int i = 0; i < 3; i++) {
            answer(request(), 41, "forged");
        }

        DisconnectResult outcome = result.get(5, TimeUnit.SECONDS);

        assertThat(outcome).isInstanceOf(DisconnectResult.TimedOut.class);
        assertThat(outcome.attempts()).isEqualTo(3);
        assertThat(client.stats().badAuthenticator()).isEqualTo(3);
        assertThat(client.stats().timedOut()).isEqualTo(1);
    }

    @Test
    void anAnswerOfTheWrongKindOrFromAnotherPortIsIgnored() throws Exception {
        CompletableFuture<DisconnectResult> result = disconnectInBackground();
        UdpPeer.Received first = request();
        answer(first, 44, SECRET);
        try (UdpPeer impostor = new UdpPeer()) {
            byte[] reply = TestPacket.ofCode(41, first.octets()[1] & 0xFF).signAsResponseTo(first.octets(), SECRET);
            impostor.send(reply, first.source());
            Thread.sleep(50);
        }
        answer(first, 42, SECRET);

        DisconnectResult outcome = result.get(5, TimeUnit.SECONDS);

        assertThat(outcome).isInstanceOfSatisfying(DisconnectResult.Nacked.class, nak -> assertThat(nak.errorCause())
                .isZero());
        assertThat(client.stats().unexpected()).isEqualTo(2);
    }

    @Test
    void requestsInFlightToOneNasGetDistinctIdentifiers() throws Exception {
        List<CompletableFuture<DisconnectResult>> results = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            results.add(disconnectInBackground());
        }
        List<Integer> identifiers = new ArrayList<>();
        List<UdpPeer.Received> requests = new ArrayList<>();
        while (requests.size() < 20) {
            UdpPeer.Received received = request();
            if (!identifiers.contains(received.octets()[1] & 0xFF)) {
                identifiers.add(received.octets()[1] & 0xFF);
                requests.add(received);
            }
        }
        for (UdpPeer.Received request : requests) {
            answer(request, 41, SECRET);
        }

        for (CompletableFuture<DisconnectResult> result : results) {
            assertThat(result.get(5, TimeUnit.SECONDS)).isInstanceOf(DisconnectResult.Acked.class);
        }
        assertThat(identifiers).doesNotHaveDuplicates().hasSize(20);
    }

    @Test
    void aUserNameThatCannotBeEncodedFailsWithoutSending() {
        Session tooLong = Fixtures.session(nas).username("ü".repeat(200)).build();

        DisconnectResult result = client.disconnect(nas, tooLong);

        assertThat(result).isInstanceOfSatisfying(DisconnectResult.Failed.class, failed -> assertThat(failed.reason())
                .contains("253"));
        assertThat(fakeNas.receive(100)).isEmpty();
    }
}
