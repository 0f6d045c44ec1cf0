package io.sessionkeeper.domain.service;

import static io.sessionkeeper.domain.testing.Fixtures.OTHER_TENANT;
import static io.sessionkeeper.domain.testing.Fixtures.TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessionkeeper.domain.model.ConflictException;
import io.sessionkeeper.domain.model.Customer;
import io.sessionkeeper.domain.model.InvalidValueException;
import io.sessionkeeper.domain.model.IpAddress;
import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.model.NasVendor;
import io.sessionkeeper.domain.model.NotFoundException;
import io.sessionkeeper.domain.model.ServicePackage;
import io.sessionkeeper.domain.port.in.PutCustomerCommand;
import io.sessionkeeper.domain.port.in.SaveNasCommand;
import io.sessionkeeper.domain.testing.Fixtures;
import io.sessionkeeper.domain.testing.InMemoryCustomerDirectory;
import io.sessionkeeper.domain.testing.InMemoryNasDirectory;
import io.sessionkeeper.domain.testing.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AdminServicesTest {
    private final InMemoryNasDirectory nasDirectory = new InMemoryNasDirectory();
    private final NasLookupService lookup = new NasLookupService(
            nasDirectory, new MutableClock(Fixtures.T0), new NasLookupService.RefreshInterval(Duration.ofHours(1)));
    private final NasAdminService nasAdmin = new NasAdminService(nasDirectory, lookup);
    private final CustomerAdminService customerAdmin = new CustomerAdminService(new InMemoryCustomerDirectory());

    private SaveNasCommand mikrotik(String ip, String secret) {
        return new SaveNasCommand(
                TENANT, "Main Router", IpAddress.parse(ip), secret, null, NasVendor.MIKROTIK, null, false, null, false);
    }

    @Test
    void registeredNasIsKnownToRadiusAtOnceWithDefaultCoaPort() {
        assertThat(lookup.radiusClient(IpAddress.parse("192.0.2.1"))).isEmpty();

        Nas nas = nasAdmin.register(mikrotik("192.0.2.1", "s3cret"));

        assertThat(nas.coaPort()).isEqualTo(3799);
        assertThat(lookup.radiusClient(IpAddress.parse("192.0.2.1"))).contains(nas);
    }

    @Test
    void updateKeepsTheSecretWhenNoneIsGivenAndRemovalForgetsTheNas() {
        Nas nas = nasAdmin.register(mikrotik("192.0.2.1", "s3cret"));

        Nas moved = nasAdmin.update(nas.id(), mikrotik("192.0.2.7", null));

        assertThat(moved.secret()).isEqualTo("s3cret");
        assertThat(lookup.radiusClient(IpAddress.parse("192.0.2.7"))).contains(moved);
        assertThat(lookup.radiusClient(IpAddress.parse("192.0.2.1"))).isEmpty();
        nasAdmin.remove(TENANT, nas.id());
        assertThat(lookup.radiusClient(IpAddress.parse("192.0.2.7"))).isEmpty();
        assertThatThrownBy(() -> nasAdmin.remove(TENANT, nas.id())).isInstanceOf(NotFoundException.class);
    }

    @Test
    void nasRulesAreEnforced() {
        nasAdmin.register(mikrotik("192.0.2.1", "s3cret"));

        assertThatThrownBy(() -> nasAdmin.register(mikrotik("192.0.2.1", "other")))
                .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> nasAdmin.register(mikrotik("192.0.2.2", null)))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("secret");
        Nas nas = nasAdmin.list(TENANT).get(0);
        assertThatThrownBy(() -> nasAdmin.get(OTHER_TENANT, nas.id())).isInstanceOf(NotFoundException.class);
    }

    @Test
    void nasCommandsRefuseControlCharactersOverlongTextAndNonHostAddresses() {
        assertInvalid(() -> nasCommand("Main\u0000Router", "192.0.2.1", "s", null), "name");
        assertInvalid(() -> nasCommand("x".repeat(129), "192.0.2.1", "s", null), "name");
        assertInvalid(() -> nasCommand("Main", "192.0.2.1", "s\u0007", null), "secret");
        assertInvalid(() -> nasCommand("Main", "192.0.2.1", "s".repeat(129), null), "secret");
        assertInvalid(() -> nasCommand("Main", "192.0.2.1", "s", "nas\r\nid"), "identifier");
        assertInvalid(() -> nasCommand("Main", "192.0.2.1", "s", "i".repeat(254)), "identifier");
        for (String address : new String[] {"0.0.0.0", "::", "255.255.255.255", "224.0.0.1", "ff02::1"}) {
            assertInvalid(() -> nasCommand("Main", address, "s", null), "ipAddress");
        }
        assertThat(nasAdmin.register(nasCommand("x".repeat(128), "127.0.0.2", "s".repeat(128), "i".repeat(253)))
                        .identifier())
                .hasSize(253);
    }

    @Test
    void customerCommandsAndLookupsRefuseControlCharactersAndOverlongText() {
        assertInvalid(() -> new PutCustomerCommand(TENANT, "al\u0000ice", "Alice", null, null, null), "username");
        assertInvalid(() -> new PutCustomerCommand(TENANT, "a".repeat(254), "Alice", null, null, null), "username");
        assertInvalid(() -> new PutCustomerCommand(TENANT, "alice", "Al\u001bice", null, null, null), "name");
        assertInvalid(() -> new PutCustomerCommand(TENANT, "alice", "A".repeat(201), null, null, null), "name");
        assertInvalid(
                () -> new PutCustomerCommand(TENANT, "alice", "Alice", null, "a\u0000@example.com", null), "email");
        assertInvalid(
                () -> new PutCustomerCommand(
                        TENANT, "alice", "Alice", null, null, new ServicePackage("p".repeat(129), 1, 1)),
                "package.name");
        assertInvalid(
                () -> new PutCustomerCommand(
                        TENANT, "alice", "Alice", null, null, new ServicePackage("10\u0000M", 1, 1)),
                "package.name");
        assertInvalid(() -> customerAdmin.get(TENANT, "a\u0000"), "username");
        assertInvalid(() -> customerAdmin.remove(TENANT, "a".repeat(254)), "username");
    }

    private static SaveNasCommand nasCommand(String name, String ip, String secret, String identifier) {
        return new SaveNasCommand(
                TENANT, name, IpAddress.parse(ip), secret, null, NasVendor.OTHER, null, false, identifier, false);
    }

    private static void assertInvalid(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String field) {
        assertThatThrownBy(call)
                .isInstanceOf(InvalidValueException.class)
                .extracting(e -> ((InvalidValueException) e).field())
                .isEqualTo(field);
    }

    @Test
    void customerPutCreatesThenReplacesKeepingItsId() {
        Customer created = customerAdmin.put(new PutCustomerCommand(TENANT, "alice", "Alice", null, null, null));
        Customer replaced = customerAdmin.put(new PutCustomerCommand(
                TENANT,
                "alice",
                "Alice Smith",
                "+254700000001",
                "alice@example.com",
                new ServicePackage("10 Mbps Home", 10, 10)));

        assertThat(replaced.id()).isEqualTo(created.id());
        assertThat(customerAdmin.get(TENANT, "alice")).isEqualTo(replaced);
        assertThat(customerAdmin.list(TENANT, 1, 20).total()).isEqualTo(1);
        assertThatThrownBy(() -> customerAdmin.get(OTHER_TENANT, "alice")).isInstanceOf(NotFoundException.class);
        customerAdmin.remove(TENANT, "alice");
        assertThatThrownBy(() -> customerAdmin.remove(TENANT, "alice")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> customerAdmin.list(TENANT, 1, 101)).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void aTenantsTimeZoneIsUtcUntilChangedAndAnUnknownZoneIsRefusedNamingIt() {
        var tenants = new io.sessionkeeper.domain.testing.InMemoryTenantDirectory();
        TenantAdminService admin = new TenantAdminService(tenants);

        assertThat(admin.get(TENANT).timeZone()).isEqualTo(java.time.ZoneOffset.UTC);
        admin.changeTimeZone(io.sessionkeeper.domain.port.in.ChangeTimeZoneCommand.of(TENANT, "Africa/Nairobi"));

        assertThat(admin.get(TENANT).timeZone()).isEqualTo(java.time.ZoneId.of("Africa/Nairobi"));
        assertThat(tenants.findById(TENANT).orElseThrow().timeZone()).isEqualTo(java.time.ZoneId.of("Africa/Nairobi"));
        assertThat(admin.get(OTHER_TENANT).timeZone()).isEqualTo(java.time.ZoneOffset.UTC);
        for (String bad : new String[] {"Mars/Olympus", "", "+25:00", "x".repeat(65)}) {
            assertThatThrownBy(() -> io.sessionkeeper.domain.port.in.ChangeTimeZoneCommand.of(TENANT, bad))
                    .as(bad)
                    .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field())
                            .isEqualTo("timeZone"));
        }
    }
}
