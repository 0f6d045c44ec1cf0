package io.sessionkeeper.adapter.http.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The guard against server-side request forgery: which addresses a webhook may reach. */
class WebhookTargetsTest {
    /** Names resolve to fixed answers: no DNS in tests. */
    private static final Map<String, String> NAMES = Map.of(
            "hooks.example.com", "93.184.216.34",
            "localhost", "127.0.0.1",
            "rebind.example.com", "10.1.2.3",
            "metadata.example.com", "169.254.169.254");

    private static InetAddress[] resolve(String host) throws UnknownHostException {
        String address = NAMES.getOrDefault(host, host);
        if (!io.sessionkeeper.domain.model.IpAddress.isLiteral(address)) {
            throw new UnknownHostException(host);
        }
        return new InetAddress[] {InetAddress.getByName(address)};
    }

    private final WebhookTargets strict = new WebhookTargets(false, WebhookTargetsTest::resolve);
    private final WebhookTargets allowing = new WebhookTargets(true, WebhookTargetsTest::resolve);

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://127.0.0.1:8080/api/sessions",
                "http://localhost/",
                "http://[::1]/",
                "http://0.0.0.0/",
                "http://10.0.0.5/",
                "http://172.16.1.1/",
                "http://192.168.1.1/",
                "http://100.64.0.1/",
                "http://169.254.1.1/",
                "http://[fe80::1]/",
                "http://[fd12:3456::1]/",
                "http://[::ffff:127.0.0.1]/",
                "http://224.0.0.1/",
                "https://rebind.example.com/hook"
            })
    void loopbackLinkLocalAndPrivateTargetsAreRefusedByDefault(String url) {
        assertThat(strict.refusal(URI.create(url)))
                .hasValueSatisfying(reason -> assertThat(reason).contains("SESSION_WEBHOOK_ALLOW_PRIVATE_TARGETS"));
    }

    @Test
    void theOperatorSettingAllowsThemButNeverACloudMetadataAddress() {
        assertThat(allowing.refusal(URI.create("http://127.0.0.1:9000/hook"))).isEmpty();
        assertThat(allowing.refusal(URI.create("http://10.0.0.5/hook"))).isEmpty();
        assertThat(allowing.refusal(URI.create("http://169.254.169.254/latest/meta-data/")))
                .hasValueSatisfying(reason -> assertThat(reason).contains("metadata"));
        assertThat(allowing.refusal(URI.create("http://metadata.example.com/")))
                .hasValueSatisfying(reason -> assertThat(reason).contains("metadata"));
        assertThat(strict.refusal(URI.create("http://[::ffff:169.254.169.254]/")))
                .isPresent();
    }

    @Test
    void aPublicTargetIsAllowedAndAnUnresolvableOneIsNot() {
        assertThat(strict.refusal(URI.create("https://hooks.example.com/sessionkeeper")))
                .isEmpty();
        assertThat(strict.refusal(URI.create("https://no-such-host.invalid/"))).hasValue("its host does not resolve");
    }
}
