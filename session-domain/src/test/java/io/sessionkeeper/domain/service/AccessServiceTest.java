package io.sessionkeeper.domain.service;

import static io.sessionkeeper.domain.testing.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessionkeeper.domain.model.AuthenticationException;
import io.sessionkeeper.domain.model.ForbiddenException;
import io.sessionkeeper.domain.model.InvalidValueException;
import io.sessionkeeper.domain.model.NotFoundException;
import io.sessionkeeper.domain.model.Permission;
import io.sessionkeeper.domain.model.Principal;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.port.in.IssueTokenCommand;
import io.sessionkeeper.domain.port.in.IssuedToken;
import io.sessionkeeper.domain.testing.InMemoryApiTokenStore;
import io.sessionkeeper.domain.testing.InMemoryTenantDirectory;
import io.sessionkeeper.domain.testing.MutableClock;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccessServiceTest {
    private final InMemoryApiTokenStore tokens = new InMemoryApiTokenStore();
    private final InMemoryTenantDirectory tenants = new InMemoryTenantDirectory();
    private final AccessService access = new AccessService(tokens, tenants, new MutableClock(T0));

    private Principal admin() {
        return access.authenticate(access.bootstrap(null).orElseThrow().secret());
    }

    @Test
    void firstStartCreatesOneAllPermissionTokenOfTheDefaultTenantOnce() {
        Optional<IssuedToken> first = access.bootstrap(null);

        assertThat(first).isPresent();
        assertThat(first.get().secret()).startsWith("sk_").hasSizeGreaterThanOrEqualTo(3 + 43);
        assertThat(first.get().token().permissions()).isEqualTo(Permission.all());
        assertThat(first.get().token().tenant()).isEqualTo(TenantId.DEFAULT);
        assertThat(tenants.findById(TenantId.DEFAULT)).isPresent();
        assertThat(access.bootstrap(null)).isEmpty();
    }

    @Test
    void configuredBootstrapSecretIsAcceptedAsAllPermissionToken() {
        String secret = "operator-chosen-secret-1234";
        assertThat(access.bootstrap(secret)).isEmpty();
        assertThat(access.bootstrap(secret)).isEmpty();

        Principal principal = access.authenticate(secret);
        assertThat(principal.tenant()).isEqualTo(TenantId.DEFAULT);
        assertThat(principal.permissions()).isEqualTo(Permission.all());
        assertThat(tokens.findByTenant(TenantId.DEFAULT)).hasSize(1);
        assertThatThrownBy(() -> access.bootstrap("short")).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void secretsAreStoredOnlyAsHashes() {
        IssuedToken issued = access.bootstrap(null).orElseThrow();

        assertThat(issued.token().secretHash()).doesNotContain(issued.secret()).hasSize(64);
        assertThat(issued.token().secretHash()).isEqualTo(AccessService.hash(issued.secret()));
    }

    @Test
    void unknownOrMissingSecretsAreRejected() {
        access.bootstrap(null);

        assertThatThrownBy(() -> access.authenticate("sk_nope")).isInstanceOf(AuthenticationException.class);
        assertThatThrownBy(() -> access.authenticate(null)).isInstanceOf(AuthenticationException.class);
        assertThatThrownBy(() -> access.authenticate("")).isInstanceOf(AuthenticationException.class);
    }

    @Test
    void issuedTokenWorksWithExactlyItsPermissions() {
        IssuedToken reader =
                access.issue(admin(), new IssueTokenCommand(null, Set.of(Permission.DASHBOARD_ACTIVE_SESSIONS)));

        Principal principal = access.authenticate(reader.secret());
        assertThat(principal.permissions()).containsExactly(Permission.DASHBOARD_ACTIVE_SESSIONS);
        assertThatThrownBy(() -> principal.require(Permission.ROUTERS_DISCONNECT))
                .isInstanceOf(ForbiddenException.class)
                .hasMessageContaining("routers:disconnect");
    }

    @Test
    void anotherTenantNeedsTenantsManageAndIsCreatedImplicitly() {
        IssuedToken forIsp = access.issue(
                admin(),
                new IssueTokenCommand(TenantId.of("isp-two"), Set.of(Permission.TOKENS_MANAGE, Permission.NAS_MANAGE)));
        Principal ispAdmin = access.authenticate(forIsp.secret());

        assertThat(ispAdmin.tenant()).isEqualTo(TenantId.of("isp-two"));
        assertThat(tenants.findById(TenantId.of("isp-two"))).isPresent();
        assertThatThrownBy(() -> access.issue(
                        ispAdmin, new IssueTokenCommand(TenantId.of("isp-three"), Set.of(Permission.NAS_MANAGE))))
                .isInstanceOf(ForbiddenException.class)
                .hasMessageContaining("tenants:manage");
    }

    @Test
    void aTokenCannotGrantWhatItLacks() {
        IssuedToken manager = access.issue(admin(), new IssueTokenCommand(null, Set.of(Permission.TOKENS_MANAGE)));

        assertThatThrownBy(() -> access.issue(
                        access.authenticate(manager.secret()),
                        new IssueTokenCommand(null, Set.of(Permission.ROUTERS_DISCONNECT))))
                .isInstanceOf(ForbiddenException.class);
    }

    @Test
    void revokedTokenStopsWorkingAndForeignTokensAreNotFound() {
        Principal admin = admin();
        IssuedToken issued =
                access.issue(admin, new IssueTokenCommand(null, Set.of(Permission.DASHBOARD_ACTIVE_SESSIONS)));
        IssuedToken foreign =
                access.issue(admin, new IssueTokenCommand(TenantId.of("isp-two"), Set.of(Permission.TOKENS_MANAGE)));

        assertThat(access.list(admin)).hasSize(2);
        assertThatThrownBy(() -> access.revoke(admin, foreign.token().id())).isInstanceOf(NotFoundException.class);
        access.revoke(admin, issued.token().id());
        assertThatThrownBy(() -> access.authenticate(issued.secret())).isInstanceOf(AuthenticationException.class);
    }
}
