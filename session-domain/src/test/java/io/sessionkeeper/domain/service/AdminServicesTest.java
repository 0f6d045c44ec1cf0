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
}
