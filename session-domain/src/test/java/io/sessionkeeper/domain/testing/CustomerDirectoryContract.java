package io.sessionkeeper.domain.testing;

import static io.sessionkeeper.domain.testing.Fixtures.OTHER_TENANT;
import static io.sessionkeeper.domain.testing.Fixtures.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import io.sessionkeeper.domain.model.Customer;
import io.sessionkeeper.domain.model.ServicePackage;
import io.sessionkeeper.domain.port.out.CustomerDirectory;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link CustomerDirectory} must do. */
public abstract class CustomerDirectoryContract {
    private CustomerDirectory directory;

    /** An empty directory whose tenants {@link Fixtures#TENANT} and {@link Fixtures#OTHER_TENANT} exist. */
    protected abstract CustomerDirectory createDirectory();

    @BeforeEach
    void setUpContract() {
        directory = createDirectory();
    }

    @Test
    void savedCustomerIsFoundByIdAndUsernameWithinItsTenant() {
        Customer alice = Fixtures.customer(TENANT, "alice");
        directory.save(alice);

        assertThat(directory.findById(TENANT, alice.id())).contains(alice);
        assertThat(directory.findByUsername(TENANT, "alice")).contains(alice);
        assertThat(directory.findById(OTHER_TENANT, alice.id())).isEmpty();
        assertThat(directory.findByUsername(OTHER_TENANT, "alice")).isEmpty();
    }

    @Test
    void customerWithoutOptionalFieldsRoundTrips() {
        Customer bare = new Customer(
                io.sessionkeeper.domain.model.CustomerId.random(), TENANT, "bare", "Bare", null, null, null);
        directory.save(bare);

        assertThat(directory.findByUsername(TENANT, "bare")).contains(bare);
    }

    @Test
    void findByUsernamesReturnsOnlyKnownOnes() {
        Customer alice = Fixtures.customer(TENANT, "alice");
        Customer bob = Fixtures.customer(TENANT, "bob");
        directory.save(alice);
        directory.save(bob);
        directory.save(Fixtures.customer(OTHER_TENANT, "carol"));

        assertThat(directory.findByUsernames(TENANT, List.of("alice", "carol", "nobody")))
                .containsOnlyKeys("alice")
                .containsEntry("alice", alice);
    }

    @Test
    void savingTheSameUsernameReplaces() {
        Customer alice = Fixtures.customer(TENANT, "alice");
        directory.save(alice);
        Customer upgraded = new Customer(
                alice.id(),
                TENANT,
                "alice",
                "Alice Smith",
                "+254711111111",
                "a@example.com",
                new ServicePackage("20 Mbps Home", 20, 5));
        directory.save(upgraded);

        assertThat(directory.findByUsername(TENANT, "alice")).contains(upgraded);
        assertThat(directory.count(TENANT)).isEqualTo(1);
    }

    @Test
    void listIsOrderedByUsernameAndPaged() {
        for (String name : List.of("dave", "alice", "carol", "bob")) {
            directory.save(Fixtures.customer(TENANT, name));
        }
        directory.save(Fixtures.customer(OTHER_TENANT, "aaron"));

        assertThat(directory.list(TENANT, 0, 3))
                .extracting(Customer::username)
                .containsExactly("alice", "bob", "carol");
        assertThat(directory.list(TENANT, 3, 3)).extracting(Customer::username).containsExactly("dave");
        assertThat(directory.count(TENANT)).isEqualTo(4);
    }

    @Test
    void deleteRemovesWithinTheTenantOnly() {
        directory.save(Fixtures.customer(TENANT, "alice"));

        assertThat(directory.delete(OTHER_TENANT, "alice")).isFalse();
        assertThat(directory.delete(TENANT, "alice")).isTrue();
        assertThat(directory.findByUsername(TENANT, "alice")).isEmpty();
    }
}
