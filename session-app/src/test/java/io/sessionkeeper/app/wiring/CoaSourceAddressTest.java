package io.sessionkeeper.app.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessionkeeper.adapter.radius.RadiusDisconnector;
import io.sessionkeeper.adapter.radius.testing.UdpPeer;
import io.sessionkeeper.app.config.AppConfig;
import io.sessionkeeper.app.config.Settings;
import io.sessionkeeper.app.runtime.StartupException;
import io.sessionkeeper.domain.model.IpAddress;
import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.model.NasId;
import io.sessionkeeper.domain.model.NasVendor;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.testing.Fixtures;
import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * SESSION_COA_SOURCE_ADDRESS as the wiring applies it: a real UDP peer playing the router sees Disconnect-Requests
 * come from the configured address (RouterOS accepts them only from the address of one of its /radius entries).
 */
class CoaSourceAddressTest {
    private static Nas routerAt(UdpPeer peer) {
        return new Nas(
                NasId.random(),
                TenantId.of("acme"),
                "router",
                IpAddress.parse("127.0.0.1"),
                "router-secret",
                peer.port(),
                NasVendor.MIKROTIK,
                null,
                false,
                null,
                false);
    }

    private static InetAddress sourceOfADisconnect(Map<String, String> settings) throws Exception {
        AppConfig config = AppConfig.from(Settings.of(merged(settings)));
        try (UdpPeer router = new UdpPeer();
                RadiusDisconnector disconnector = RadiusModule.disconnector(config)) {
            Nas nas = routerAt(router);
            CompletableFuture<?> sent = CompletableFuture.runAsync(
                    () -> disconnector.disconnect(nas, Fixtures.session(nas).build()));
            UdpPeer.Received request = router.receive(5_000).orElseThrow();
            sent.join(); // no answer: times out after 200 ms
            assertThat(request.octets()[0]).as("Disconnect-Request").isEqualTo((byte) 40);
            return request.source().getAddress();
        }
    }

    private static Map<String, String> merged(Map<String, String> settings) {
        Map<String, String> all = new java.util.HashMap<>(settings);
        all.put("SESSION_COA_TIMEOUT", "200ms");
        all.put("SESSION_COA_RETRANSMISSIONS", "0");
        return all;
    }

    @Test
    void disconnectRequestsComeFromTheConfiguredSourceAddress() throws Exception {
        assertThat(sourceOfADisconnect(Map.of("SESSION_COA_SOURCE_ADDRESS", "127.0.0.2"))
                        .getHostAddress())
                .isEqualTo("127.0.0.2");
    }

    @Test
    void withoutTheSettingTheRoutingTablePicksTheSource() throws Exception {
        assertThat(sourceOfADisconnect(Map.of()).getHostAddress()).isEqualTo("127.0.0.1");
    }

    @Test
    void anAddressThisHostDoesNotHaveStopsStartUpNamingTheSetting() {
        AppConfig config = AppConfig.from(Settings.of(Map.of("SESSION_COA_SOURCE_ADDRESS", "192.0.2.7")));

        assertThatThrownBy(() -> RadiusModule.disconnector(config))
                .isInstanceOf(StartupException.class)
                .hasMessageStartingWith("cannot send Disconnect/CoA from 192.0.2.7 (SESSION_COA_SOURCE_ADDRESS): ");
    }
}
