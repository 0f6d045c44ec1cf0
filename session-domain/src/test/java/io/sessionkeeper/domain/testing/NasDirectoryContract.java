package io.sessionkeeper.domain.testing;

import static io.sessionkeeper.domain.testing.Fixtures.OTHER_TENANT;
import static io.sessionkeeper.domain.testing.Fixtures.TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessionkeeper.domain.model.ConflictException;
import io.sessionkeeper.domain.model.ConnectionType;
import io.sessionkeeper.domain.model.IpAddress;
import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.model.NasVendor;
import io.sessionkeeper.domain.port.out.NasDirectory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link NasDirectory} must do. */
public abstract class NasDirectoryContract {
    private NasDirectory directory;

    /** An empty directory; called before each test. */
    protected abstract NasDirectory createDirectory();

    @BeforeEach
    void setUpContract() {
        directory = createDirectory();
    }

    @Test
    void savedNasIsFoundWithEveryField() {
        Nas nas = new Nas(
                io.sessionkeeper.domain.model.NasId.random(),
                TENANT,
                "Hotspot GW",
                IpAddress.parse("2001:db8::1"),
                "sëcret",
                1700,
                NasVendor.MIKROTIK,
                ConnectionType.HOTSPOT,
                true,
                "hs-gw-1",
                false);
        directory.save(nas);

        assertThat(directory.findById(TENANT, nas.id())).contains(nas);
        assertThat(directory.findById(OTHER_TENANT, nas.id())).isEmpty();
        assertThat(directory.findAll()).containsExactly(nas);
    }

    @Test
    void findByTenantListsOnlyThatTenantByName() {
        Nas b = Fixtures.nas("B router", "192.0.2.2");
        Nas a = Fixtures.nas("A router", "192.0.2.1");
        Nas foreign = Fixtures.nas(OTHER_TENANT, "C router", "192.0.2.3");
        directory.save(b);
        directory.save(a);
        directory.save(foreign);

        assertThat(directory.findByTenant(TENANT)).containsExactly(a, b);
        assertThat(directory.findAll()).containsExactlyInAnyOrder(a, b, foreign);
    }

    @Test
    void savingAgainReplaces() {
        Nas nas = Fixtures.nas("Old name", "192.0.2.1");
        directory.save(nas);
        Nas renamed = new Nas(
                nas.id(),
                TENANT,
                "New name",
                IpAddress.parse("192.0.2.9"),
                "other",
                3799,
                NasVendor.CISCO,
                null,
                false,
                null,
                true);
        directory.save(renamed);

        assertThat(directory.findById(TENANT, nas.id())).contains(renamed);
    }

    @Test
    void anIpAddressBelongsToOneNasAcrossTenants() {
        directory.save(Fixtures.nas("First", "192.0.2.1"));

        assertThatThrownBy(() -> directory.save(Fixtures.nas(OTHER_TENANT, "Second", "192.0.2.1")))
                .isInstanceOf(ConflictException.class);
    }

    @Test
    void deleteRemovesOnlyWithinTheTenant() {
        Nas nas = Fixtures.nas("Main", "192.0.2.1");
        directory.save(nas);

        assertThat(directory.delete(OTHER_TENANT, nas.id())).isFalse();
        assertThat(directory.delete(TENANT, nas.id())).isTrue();
        assertThat(directory.findById(TENANT, nas.id())).isEmpty();
        assertThat(directory.delete(TENANT, nas.id())).isFalse();
    }
}
