package io.sessionkeeper.domain.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessionkeeper.domain.port.in.SaveNasCommand;
import io.sessionkeeper.domain.testing.Fixtures;
import org.junit.jupiter.api.Test;

/** A NAS's shared secret never reaches a log line or a message through toString. */
class SecretRedactionTest {
    private static final String SECRET = "radius-shared-secret-4711";

    @Test
    void nasToStringHidesTheSecretAndKeepsTheRest() {
        Nas nas = Fixtures.nas("Main Router", "192.0.2.1");
        Nas withSecret = new Nas(
                nas.id(),
                nas.tenant(),
                nas.name(),
                nas.ipAddress(),
                SECRET,
                nas.coaPort(),
                nas.vendor(),
                ConnectionType.PPPOE,
                true,
                "edge-1",
                false);

        assertThat(withSecret.toString())
                .doesNotContain(SECRET)
                .contains("secret=(hidden)")
                .contains(nas.id().toString(), "Main Router", "192.0.2.1", "PPPOE", "edge-1");
    }

    @Test
    void saveNasCommandToStringHidesTheSecret() {
        SaveNasCommand command = new SaveNasCommand(
                Fixtures.TENANT,
                "Main Router",
                IpAddress.parse("192.0.2.1"),
                SECRET,
                null,
                NasVendor.MIKROTIK,
                null,
                false,
                null,
                false);
        SaveNasCommand keepSecret = new SaveNasCommand(
                Fixtures.TENANT,
                "Main Router",
                IpAddress.parse("192.0.2.1"),
                null,
                null,
                null,
                null,
                false,
                null,
                false);

        assertThat(command.toString()).doesNotContain(SECRET).contains("secret=(hidden)", "Main Router");
        assertThat(keepSecret.toString()).contains("secret=null");
    }
}
