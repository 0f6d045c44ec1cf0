package io.sessionkeeper.domain.service;

import static io.sessionkeeper.domain.testing.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessionkeeper.domain.model.ApiToken;
import io.sessionkeeper.domain.model.AuthenticationException;
import io.sessionkeeper.domain.model.Grant;
import io.sessionkeeper.domain.model.Permission;
import io.sessionkeeper.domain.model.Principal;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.TokenAuditEvent;
import io.sessionkeeper.domain.model.TokenId;
import io.sessionkeeper.domain.port.in.IssueTokenCommand;
import io.sessionkeeper.domain.port.in.IssuedToken;
import io.sessionkeeper.domain.port.out.ApiTokenStore;
import io.sessionkeeper.domain.testing.ApiTokenStoreContract;
import io.sessionkeeper.domain.testing.InMemoryApiTokenStore;
import io.sessionkeeper.domain.testing.InMemoryTenantDirectory;
import io.sessionkeeper.domain.testing.MutableClock;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CachingApiTokenStoreTest {
    private static final Duration TTL = Duration.ofSeconds(15);

    /** The cache honours the port's contract like the store it wraps. */
    @Nested
    class Contract extends ApiTokenStoreContract {
        @Override
        protected ApiTokenStore createStore() {
            return new CachingApiTokenStore(new InMemoryApiTokenStore(), new MutableClock(T0), TTL, 100);
        }
    }

    private final MutableClock clock = new MutableClock(T0);
    private final InMemoryApiTokenStore database = new InMemoryApiTokenStore();
    private final InMemoryTenantDirectory tenants = new InMemoryTenantDirectory();
    /** One service instance: its cache over the shared store. */
    private final AccessService instance =
            new AccessService(new CachingApiTokenStore(database, clock, TTL, 100), tenants, clock);
    /** Another instance over the same store. */
    private final AccessService otherInstance =
            new AccessService(new CachingApiTokenStore(database, clock, TTL, 100), tenants, clock);

    private Principal admin;

    /** A reading token, issued on {@code on} by the first-start token ({@link #admin}). */
    private IssuedToken reader(AccessService on) {
        admin = on.authenticate(on.bootstrap(null).orElseThrow().secret());
        return on.issue(admin, new IssueTokenCommand(null, Set.of(Permission.DASHBOARD_ACTIVE_SESSIONS)));
    }

    @Test
    void aTokenIsLookedUpOnceWithinTheTimeToLiveAndAgainAfterIt() {
        IssuedToken reader = reader(instance);
        int before = database.lookups();

        for (int i = 0; i < 10; i++) {
            instance.authenticate(reader.secret());
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(database.lookups() - before).isEqualTo(1);

        clock.advance(TTL);
        instance.authenticate(reader.secret());
        assertThat(database.lookups() - before).isEqualTo(2);
    }

    @Test
    void aRevocationAppliesAtOnceOnTheInstanceThatRevoked() {
        IssuedToken reader = reader(instance);
        instance.authenticate(reader.secret()); // cached now

        instance.revoke(admin, reader.token().id());

        assertThatThrownBy(() -> instance.authenticate(reader.secret())).isInstanceOf(AuthenticationException.class);
    }

    @Test
    void anotherInstanceSeesARevocationAfterAtMostTheTimeToLive() {
        IssuedToken reader = reader(instance);
        otherInstance.authenticate(reader.secret()); // cached on the other instance

        instance.revoke(admin, reader.token().id());

        assertThat(otherInstance.authenticate(reader.secret()).tokenId())
                .isEqualTo(reader.token().id());
        clock.advance(TTL);
        assertThatThrownBy(() -> otherInstance.authenticate(reader.secret()))
                .isInstanceOf(AuthenticationException.class);
    }

    @Test
    void unknownSecretsAreNotRemembered() {
        IssuedToken reader = reader(instance);
        int before = database.lookups();

        assertThatThrownBy(() -> instance.authenticate("sk_unknown")).isInstanceOf(AuthenticationException.class);
        assertThatThrownBy(() -> instance.authenticate("sk_unknown")).isInstanceOf(AuthenticationException.class);
        assertThat(database.lookups() - before).isEqualTo(2);
        assertThat(instance.authenticate(reader.secret()).tokenId())
                .isEqualTo(reader.token().id());
    }

    @Test
    void aTokenIssuedOnAnotherInstanceWorksAtOnce() {
        IssuedToken reader = reader(otherInstance);

        assertThat(instance.authenticate(reader.secret()).tokenId())
                .isEqualTo(reader.token().id());
    }

    @Test
    void aLookUpThatRacedWithARevocationIsNotRemembered() {
        ApiToken token = ApiToken.issued(
                TokenId.random(), TenantId.DEFAULT, null, Grant.of(Permission.NAS_MANAGE), "a".repeat(64), T0);
        TokenAuditEvent issued = new TokenAuditEvent(
                T0,
                TokenAuditEvent.Action.ISSUED,
                TokenAuditEvent.Subject.of(token),
                TokenAuditEvent.Actor.SERVICE,
                null);
        TokenAuditEvent revoked = new TokenAuditEvent(
                T0,
                TokenAuditEvent.Action.REVOKED,
                TokenAuditEvent.Subject.of(token),
                TokenAuditEvent.Actor.SERVICE,
                null);
        database.save(token, issued);
        CachingApiTokenStore cache = new CachingApiTokenStore(database, clock, TTL, 100);
        // The store answers with the token, and before the answer reaches the cache the token is revoked.
        database.duringLookups(() -> {
            database.duringLookups(() -> {});
            cache.delete(TenantId.DEFAULT, token.id(), revoked);
        });

        assertThat(cache.findBySecretHash("a".repeat(64))).contains(token);

        assertThat(cache.findBySecretHash("a".repeat(64))).isEmpty();
    }

    @Test
    void theCacheHoldsAtMostItsBoundDroppingTheEldest() {
        CachingApiTokenStore small = new CachingApiTokenStore(database, clock, TTL, 2);
        for (char digit : new char[] {'a', 'b', 'c'}) {
            ApiToken token = ApiToken.issued(
                    TokenId.random(),
                    TenantId.DEFAULT,
                    null,
                    Grant.of(Permission.NAS_MANAGE),
                    String.valueOf(digit).repeat(64),
                    T0);
            database.save(
                    token,
                    new TokenAuditEvent(
                            T0,
                            TokenAuditEvent.Action.ISSUED,
                            TokenAuditEvent.Subject.of(token),
                            TokenAuditEvent.Actor.SERVICE,
                            null));
            small.findBySecretHash(token.secretHash());
        }
        int before = database.lookups();

        small.findBySecretHash("c".repeat(64));
        small.findBySecretHash("b".repeat(64));
        assertThat(database.lookups()).as("the two newest are remembered").isEqualTo(before);
        small.findBySecretHash("a".repeat(64));
        assertThat(database.lookups()).as("the eldest was dropped").isEqualTo(before + 1);
    }

    @Test
    void aZeroTimeToLiveRemembersNothing() {
        CachingApiTokenStore none = new CachingApiTokenStore(database, clock, Duration.ZERO, 10);
        IssuedToken reader = reader(instance);
        int before = database.lookups();

        none.findBySecretHash(reader.token().secretHash());
        none.findBySecretHash(reader.token().secretHash());

        assertThat(database.lookups() - before).isEqualTo(2);
    }

    @Test
    void theCachedTokenShowsItsRecordedUseSoThatTheMinuteIsNotWrittenTwice() {
        IssuedToken reader = reader(instance);
        int writes = database.useWrites();

        instance.authenticate(reader.secret());
        clock.advance(Duration.ofSeconds(30));
        instance.authenticate(reader.secret());

        assertThat(database.useWrites() - writes).isEqualTo(1);
    }
}
