package io.sessionkeeper.domain.testing;

import static io.sessionkeeper.domain.testing.Fixtures.OTHER_TENANT;
import static io.sessionkeeper.domain.testing.Fixtures.T0;
import static io.sessionkeeper.domain.testing.Fixtures.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import io.sessionkeeper.domain.model.ApiToken;
import io.sessionkeeper.domain.model.Permission;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.TokenId;
import io.sessionkeeper.domain.port.out.ApiTokenStore;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link ApiTokenStore} must do. */
public abstract class ApiTokenStoreContract {
    private ApiTokenStore store;

    /** An empty store whose tenants {@link Fixtures#TENANT} and {@link Fixtures#OTHER_TENANT} exist. */
    protected abstract ApiTokenStore createStore();

    @BeforeEach
    void setUpContract() {
        store = createStore();
    }

    private static ApiToken token(TenantId tenant, char hashDigit, int secondsAfterT0, Permission... permissions) {
        return new ApiToken(
                TokenId.random(),
                tenant,
                Set.of(permissions),
                String.valueOf(hashDigit).repeat(64),
                T0.plusSeconds(secondsAfterT0));
    }

    @Test
    void savedTokenIsFoundByItsHashWithItsPermissions() {
        ApiToken token = token(TENANT, 'a', 0, Permission.DASHBOARD_ACTIVE_SESSIONS, Permission.ROUTERS_DISCONNECT);
        ApiToken none = token(TENANT, 'c', 0);
        assertThat(store.any()).isFalse();
        store.save(token);
        store.save(none);

        assertThat(store.findBySecretHash("a".repeat(64))).contains(token);
        assertThat(store.findBySecretHash("c".repeat(64))).contains(none);
        assertThat(store.findBySecretHash("b".repeat(64))).isEmpty();
        assertThat(store.any()).isTrue();
    }

    @Test
    void tokensAreListedPerTenantOldestFirst() {
        ApiToken newer = token(TENANT, 'a', 10, Permission.TOKENS_MANAGE);
        ApiToken older = token(TENANT, 'b', 5, Permission.TOKENS_MANAGE);
        store.save(newer);
        store.save(older);
        store.save(token(OTHER_TENANT, 'c', 0, Permission.TOKENS_MANAGE));

        assertThat(store.findByTenant(TENANT)).containsExactly(older, newer);
    }

    @Test
    void deleteWorksOnlyWithinTheTenant() {
        ApiToken token = token(TENANT, 'a', 0, Permission.TOKENS_MANAGE);
        store.save(token);

        assertThat(store.delete(OTHER_TENANT, token.id())).isFalse();
        assertThat(store.delete(TENANT, token.id())).isTrue();
        assertThat(store.findBySecretHash("a".repeat(64))).isEmpty();
        assertThat(store.delete(TENANT, token.id())).isFalse();
    }
}
