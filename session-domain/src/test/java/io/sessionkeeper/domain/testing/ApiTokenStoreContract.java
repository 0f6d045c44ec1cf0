package io.sessionkeeper.domain.testing;

import static io.sessionkeeper.domain.testing.Fixtures.OTHER_TENANT;
import static io.sessionkeeper.domain.testing.Fixtures.T0;
import static io.sessionkeeper.domain.testing.Fixtures.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import io.sessionkeeper.domain.model.ApiToken;
import io.sessionkeeper.domain.model.Grant;
import io.sessionkeeper.domain.model.IpAddress;
import io.sessionkeeper.domain.model.Permission;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.TokenAuditEvent;
import io.sessionkeeper.domain.model.TokenAuditEvent.Action;
import io.sessionkeeper.domain.model.TokenAuditEvent.Actor;
import io.sessionkeeper.domain.model.TokenId;
import io.sessionkeeper.domain.port.out.ApiTokenStore;
import java.time.Duration;
import java.time.Instant;
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
        return ApiToken.issued(
                TokenId.random(),
                tenant,
                null,
                Grant.of(Set.of(permissions)),
                String.valueOf(hashDigit).repeat(64),
                T0.plusSeconds(secondsAfterT0));
    }

    private static TokenAuditEvent issued(ApiToken token) {
        return new TokenAuditEvent(
                token.createdAt(), Action.ISSUED, TokenAuditEvent.Subject.of(token), Actor.SERVICE, null);
    }

    private void save(ApiToken token) {
        store.save(token, issued(token));
    }

    @Test
    void savedTokenIsFoundByItsHashWithItsPermissions() {
        ApiToken token = token(TENANT, 'a', 0, Permission.DASHBOARD_ACTIVE_SESSIONS, Permission.ROUTERS_DISCONNECT);
        ApiToken none = token(TENANT, 'c', 0);
        assertThat(store.any()).isFalse();
        save(token);
        save(none);

        assertThat(store.findBySecretHash("a".repeat(64))).contains(token);
        assertThat(store.findBySecretHash("c".repeat(64))).contains(none);
        assertThat(store.findBySecretHash("b".repeat(64))).isEmpty();
        assertThat(store.any()).isTrue();
    }

    @Test
    void nameAndTheAllMarkerAreKeptAsSuch() {
        ApiToken all =
                ApiToken.issued(TokenId.random(), TenantId.OPERATOR, "operator's own", Grant.ALL, "d".repeat(64), T0);
        save(all);

        ApiToken found = store.findBySecretHash("d".repeat(64)).orElseThrow();
        assertThat(found).isEqualTo(all);
        assertThat(found.grant().all()).isTrue();
        assertThat(found.grant().listed()).isEmpty();
        assertThat(found.permissions()).isEqualTo(Permission.all());
    }

    @Test
    void saveReplacesTheTokenWithItsId() {
        ApiToken token = token(TenantId.OPERATOR, 'a', 0, Permission.TOKENS_MANAGE);
        save(token);
        ApiToken all = token.withGrant(Grant.ALL);

        store.save(all, new TokenAuditEvent(T0, Action.CHANGED, TokenAuditEvent.Subject.of(all), Actor.SERVICE, "why"));

        assertThat(store.findBySecretHash("a".repeat(64))).contains(all);
        assertThat(store.findByTenant(TenantId.OPERATOR)).containsExactly(all);
    }

    @Test
    void tokensAreListedPerTenantOldestFirst() {
        ApiToken newer = token(TENANT, 'a', 10, Permission.TOKENS_MANAGE);
        ApiToken older = token(TENANT, 'b', 5, Permission.TOKENS_MANAGE);
        save(newer);
        save(older);
        save(token(OTHER_TENANT, 'c', 0, Permission.TOKENS_MANAGE));

        assertThat(store.findByTenant(TENANT)).containsExactly(older, newer);
    }

    @Test
    void findByIdWorksOnlyWithinTheTenant() {
        ApiToken token = token(TENANT, 'a', 0, Permission.TOKENS_MANAGE);
        save(token);

        assertThat(store.findById(TENANT, token.id())).contains(token);
        assertThat(store.findById(OTHER_TENANT, token.id())).isEmpty();
        assertThat(store.findById(TENANT, TokenId.random())).isEmpty();
    }

    @Test
    void deleteWorksOnlyWithinTheTenantAndIsAuditedOnlyWhenItDeletes() {
        ApiToken token = token(TENANT, 'a', 0, Permission.TOKENS_MANAGE);
        save(token);
        TokenAuditEvent revoked = new TokenAuditEvent(
                T0.plusSeconds(1), Action.REVOKED, TokenAuditEvent.Subject.of(token), Actor.SERVICE, null);

        assertThat(store.delete(OTHER_TENANT, token.id(), revoked)).isFalse();
        assertThat(store.audit(null, 0, 10).total()).isEqualTo(1);
        assertThat(store.delete(TENANT, token.id(), revoked)).isTrue();
        assertThat(store.findBySecretHash("a".repeat(64))).isEmpty();
        assertThat(store.delete(TENANT, token.id(), revoked)).isFalse();
        assertThat(store.audit(null, 0, 10).events()).containsExactly(revoked, issued(token));
    }

    @Test
    void aUseIsRecordedAtMostOnceAMinute() {
        ApiToken token = token(TENANT, 'a', 0, Permission.TOKENS_MANAGE);
        save(token);
        Instant first = T0.plusSeconds(100);

        store.recordUse(TENANT, token.id(), first);
        assertThat(lastUse(token)).isEqualTo(first);

        store.recordUse(TENANT, token.id(), first.plusSeconds(59));
        assertThat(lastUse(token)).as("within the minute: not written").isEqualTo(first);

        store.recordUse(TENANT, token.id(), first.minusSeconds(120));
        assertThat(lastUse(token)).as("an older use never replaces a newer one").isEqualTo(first);

        store.recordUse(TENANT, token.id(), first.plus(Duration.ofMinutes(1)));
        assertThat(lastUse(token)).isEqualTo(first.plus(Duration.ofMinutes(1)));

        store.recordUse(OTHER_TENANT, token.id(), first.plus(Duration.ofHours(1)));
        store.recordUse(TENANT, TokenId.random(), first);
        assertThat(lastUse(token))
                .as("another tenant's id changes nothing")
                .isEqualTo(first.plus(Duration.ofMinutes(1)));
        assertThat(store.findByTenant(TENANT)).extracting(ApiToken::lastUsedAt).containsExactly(lastUse(token));
    }

    private Instant lastUse(ApiToken token) {
        return store.findById(token.tenant(), token.id()).orElseThrow().lastUsedAt();
    }

    @Test
    void auditListsEventsNewestFirstByTenantInvolvedWithEveryField() {
        ApiToken operator = ApiToken.issued(TokenId.random(), TenantId.OPERATOR, "op", Grant.ALL, "a".repeat(64), T0);
        ApiToken acme = ApiToken.issued(
                TokenId.random(),
                TENANT,
                "acme admin",
                Grant.of(Permission.TOKENS_MANAGE, Permission.NAS_MANAGE),
                "b".repeat(64),
                T0.plusSeconds(1));
        ApiToken globex = token(OTHER_TENANT, 'c', 2, Permission.NAS_MANAGE);
        Actor byOperator = new Actor(operator.id(), TenantId.OPERATOR, IpAddress.parse("2001:db8::7"));
        Actor byAcme = new Actor(acme.id(), TENANT, IpAddress.parse("192.0.2.10"));
        TokenAuditEvent e1 = new TokenAuditEvent(
                T0, Action.ISSUED, TokenAuditEvent.Subject.of(operator), Actor.SERVICE, "bootstrap");
        TokenAuditEvent e2 = new TokenAuditEvent(
                T0.plusSeconds(1), Action.ISSUED, TokenAuditEvent.Subject.of(acme), byOperator, null);
        TokenAuditEvent e3 = new TokenAuditEvent(
                T0.plusSeconds(2), Action.ISSUED, TokenAuditEvent.Subject.of(globex), byOperator, null);
        store.save(operator, e1);
        store.save(acme, e2);
        store.save(globex, e3);
        ApiToken acmeReader = token(TENANT, 'd', 3, Permission.DASHBOARD_ACTIVE_SESSIONS);
        TokenAuditEvent e4 = new TokenAuditEvent(
                T0.plusSeconds(3), Action.ISSUED, TokenAuditEvent.Subject.of(acmeReader), byAcme, null);
        store.save(acmeReader, e4);
        // the same instant as e4: appended later, listed first
        TokenAuditEvent e5 = new TokenAuditEvent(
                T0.plusSeconds(3), Action.REVOKED, TokenAuditEvent.Subject.of(acmeReader), byAcme, null);
        store.delete(TENANT, acmeReader.id(), e5);

        assertThat(store.audit(null, 0, 10).events()).containsExactly(e5, e4, e3, e2, e1);
        assertThat(store.audit(null, 0, 10).total()).isEqualTo(5);
        assertThat(store.audit(TENANT, 0, 10).events()).containsExactly(e5, e4, e2);
        assertThat(store.audit(OTHER_TENANT, 0, 10).events()).containsExactly(e3);
        assertThat(store.audit(TenantId.OPERATOR, 0, 10).events())
                .as("the operator's tenant: its token's events and what its tokens did elsewhere")
                .containsExactly(e3, e2, e1);
        ApiTokenStore.AuditPage second = store.audit(null, 2, 2);
        assertThat(second.events()).containsExactly(e3, e2);
        assertThat(second.total()).isEqualTo(5);
        assertThat(store.audit(TenantId.of("nobody"), 0, 10).events()).isEmpty();
    }
}
