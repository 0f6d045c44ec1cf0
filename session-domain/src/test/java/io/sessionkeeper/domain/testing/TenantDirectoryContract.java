package io.sessionkeeper.domain.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessionkeeper.domain.model.Tenant;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.port.out.TenantDirectory;
import java.time.ZoneId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link TenantDirectory} must do. */
public abstract class TenantDirectoryContract {
    private TenantDirectory directory;

    /** A directory without the tenants "isp-one" and "isp-two". */
    protected abstract TenantDirectory createDirectory();

    @BeforeEach
    void setUpContract() {
        directory = createDirectory();
    }

    @Test
    void createdTenantIsFoundWithItsZone() {
        Tenant tenant = new Tenant(TenantId.of("isp-one"), "ISP One", ZoneId.of("Africa/Nairobi"));
        directory.createIfAbsent(tenant);

        assertThat(directory.findById(TenantId.of("isp-one"))).contains(tenant);
        assertThat(directory.findById(TenantId.of("isp-two"))).isEmpty();
    }

    @Test
    void creatingAgainChangesNothing() {
        Tenant first = new Tenant(TenantId.of("isp-one"), "ISP One", ZoneId.of("Africa/Nairobi"));
        directory.createIfAbsent(first);
        directory.createIfAbsent(new Tenant(TenantId.of("isp-one"), "Renamed", ZoneId.of("UTC")));

        assertThat(directory.findById(TenantId.of("isp-one"))).contains(first);
    }

    @Test
    void savingReplacesTheTimeZoneAndCreatesAnAbsentTenant() {
        directory.createIfAbsent(new Tenant(TenantId.of("isp-one"), "ISP One", ZoneId.of("UTC")));
        Tenant moved = new Tenant(TenantId.of("isp-one"), "ISP One", ZoneId.of("Asia/Kathmandu"));
        Tenant fresh = new Tenant(TenantId.of("isp-two"), "isp-two", ZoneId.of("+03:00"));

        directory.save(moved);
        directory.save(fresh);

        assertThat(directory.findById(TenantId.of("isp-one"))).contains(moved);
        assertThat(directory.findById(TenantId.of("isp-two"))).contains(fresh);
    }
}
