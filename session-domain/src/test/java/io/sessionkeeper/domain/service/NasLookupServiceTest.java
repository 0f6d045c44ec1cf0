package io.sessionkeeper.domain.service;

import static io.sessionkeeper.domain.testing.Fixtures.OTHER_TENANT;
import static io.sessionkeeper.domain.testing.Fixtures.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import io.sessionkeeper.domain.model.IpAddress;
import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.model.NasId;
import io.sessionkeeper.domain.model.NasVendor;
import io.sessionkeeper.domain.testing.Fixtures;
import io.sessionkeeper.domain.testing.InMemoryNasDirectory;
import io.sessionkeeper.domain.testing.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class NasLookupServiceTest {
    private final MutableClock clock = new MutableClock(Fixtures.T0);
    private final AtomicInteger loads = new AtomicInteger();
    private final InMemoryNasDirectory directory = new InMemoryNasDirectory() {
        @Override
        public synchronized List<Nas> findAll() {
            loads.incrementAndGet();
            return super.findAll();
        }
    };
    private final NasLookupService lookup =
            new NasLookupService(directory, clock, new NasLookupService.RefreshInterval(Duration.ofSeconds(10)));

    @Test
    void unknownAddressesDoNotReachTheDirectoryMoreThanOncePerInterval() {
        directory.save(Fixtures.nas("Main", "192.0.2.1"));

        for (int i = 0; i < 1000; i++) {
            assertThat(lookup.radiusClient(IpAddress.parse("203.0.113." + (i % 250))))
                    .isEmpty();
        }
        assertThat(lookup.radiusClient(IpAddress.parse("192.0.2.1"))).isPresent();
        assertThat(loads).hasValue(1);
    }

    @Test
    void newNasIsSeenAfterTheIntervalOrARefresh() {
        assertThat(lookup.radiusClient(IpAddress.parse("192.0.2.1"))).isEmpty();
        directory.save(Fixtures.nas("Main", "192.0.2.1"));
        assertThat(lookup.radiusClient(IpAddress.parse("192.0.2.1"))).isEmpty();

        clock.advance(Duration.ofSeconds(11));
        assertThat(lookup.radiusClient(IpAddress.parse("192.0.2.1"))).isPresent();

        directory.save(Fixtures.nas("Branch", "192.0.2.2"));
        lookup.refresh();
        assertThat(lookup.radiusClient(IpAddress.parse("192.0.2.2"))).isPresent();
    }

    @Test
    void aPlainNasIsItsOwnOrigin() {
        Nas nas = Fixtures.nas("Main", "192.0.2.1");
        directory.save(nas);

        assertThat(lookup.originOf(nas, IpAddress.parse("10.9.9.9"), "whatever"))
                .contains(nas);
    }

    @Test
    void aProxyForwardsForNasFoundByAddressOrIdentifierWithinItsTenant() {
        Nas proxy = new Nas(
                NasId.random(),
                TENANT,
                "FreeRADIUS proxy",
                IpAddress.parse("192.0.2.100"),
                "proxysecret",
                3799,
                NasVendor.OTHER,
                null,
                false,
                null,
                true);
        Nas byAddress = Fixtures.nas("Tower A", "10.0.0.1");
        Nas byIdentifier = new Nas(
                NasId.random(),
                TENANT,
                "Tower B",
                IpAddress.parse("10.0.0.2"),
                "b",
                1700,
                NasVendor.MIKROTIK,
                null,
                false,
                "tower-b",
                false);
        Nas foreign = Fixtures.nas(OTHER_TENANT, "Foreign", "10.0.0.3");
        directory.save(proxy);
        directory.save(byAddress);
        directory.save(byIdentifier);
        directory.save(foreign);

        assertThat(lookup.originOf(proxy, IpAddress.parse("10.0.0.1"), null)).contains(byAddress);
        assertThat(lookup.originOf(proxy, null, "tower-b")).contains(byIdentifier);
        assertThat(lookup.originOf(proxy, IpAddress.parse("10.0.0.99"), "tower-b"))
                .contains(byIdentifier);
        assertThat(lookup.originOf(proxy, IpAddress.parse("10.0.0.3"), null)).isEmpty();
        assertThat(lookup.originOf(proxy, null, null)).isEmpty();
    }
}
