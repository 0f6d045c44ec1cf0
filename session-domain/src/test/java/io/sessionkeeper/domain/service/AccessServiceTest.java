package io.sessionkeeper.domain.service;

import static io.sessionkeeper.domain.testing.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessionkeeper.domain.model.ApiToken;
import io.sessionkeeper.domain.model.AuthenticationException;
import io.sessionkeeper.domain.model.ForbiddenException;
import io.sessionkeeper.domain.model.Grant;
import io.sessionkeeper.domain.model.InvalidValueException;
import io.sessionkeeper.domain.model.IpAddress;
import io.sessionkeeper.domain.model.NotFoundException;
import io.sessionkeeper.domain.model.Permission;
import io.sessionkeeper.domain.model.Principal;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.TokenAuditEvent;
import io.sessionkeeper.domain.model.TokenAuditEvent.Action;
import io.sessionkeeper.domain.model.TokenId;
import io.sessionkeeper.domain.port.in.IssueTokenCommand;
import io.sessionkeeper.domain.port.in.IssuedToken;
import io.sessionkeeper.domain.port.in.TokenAuditPage;
import io.sessionkeeper.domain.port.in.TokenAuditQuery;
import io.sessionkeeper.domain.testing.InMemoryApiTokenStore;
import io.sessionkeeper.domain.testing.InMemoryTenantDirectory;
import io.sessionkeeper.domain.testing.MutableClock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AccessServiceTest {
    private static final TenantId ISP = TenantId.of("isp-two");
    private final InMemoryApiTokenStore tokens = new InMemoryApiTokenStore();
    private final InMemoryTenantDirectory tenants = new InMemoryTenantDirectory();
    private final MutableClock clock = new MutableClock(T0);
    private final AccessService access = new AccessService(tokens, tenants, clock);

    private Principal admin() {
        return access.authenticate(access.bootstrap(null).orElseThrow().secret());
    }

    private IssuedToken issue(Principal caller, TenantId tenant, Permission... permissions) {
        return access.issue(caller, new IssueTokenCommand(tenant, Set.of(permissions)));
    }

    private Principal principal(IssuedToken issued) {
        return access.authenticate(issued.secret());
    }

    @Test
    void firstStartCreatesOneAllTokenOfTheOperatorTenantOnce() {
        Optional<IssuedToken> first = access.bootstrap(null);

        assertThat(first).isPresent();
        assertThat(first.get().secret()).startsWith("sk_").hasSizeGreaterThanOrEqualTo(3 + 43);
        assertThat(first.get().token().grant()).isEqualTo(Grant.ALL);
        assertThat(first.get().token().permissions()).isEqualTo(Permission.all());
        assertThat(first.get().token().tenant()).isEqualTo(TenantId.DEFAULT);
        assertThat(tenants.findById(TenantId.DEFAULT)).isPresent();
        assertThat(access.bootstrap(null)).isEmpty();
    }

    @Test
    void configuredBootstrapSecretIsAcceptedAsAllToken() {
        String secret = "operator-chosen-secret-1234";
        assertThat(access.bootstrap(secret)).isEmpty();
        assertThat(access.bootstrap(secret)).isEmpty();

        Principal principal = access.authenticate(secret);
        assertThat(principal.tenant()).isEqualTo(TenantId.DEFAULT);
        assertThat(principal.grant().all()).isTrue();
        assertThat(principal.permissions()).isEqualTo(Permission.all());
        assertThat(tokens.findByTenant(TenantId.DEFAULT)).hasSize(1);
        assertThatThrownBy(() -> access.bootstrap("short")).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void changingTheConfiguredSecretRevokesTheTokenOfThePreviousOne() {
        String first = "operator-chosen-secret-1234";
        String second = "operator-rotated-secret-5678";
        access.bootstrap(first);
        TokenId firstId = access.authenticate(first).tokenId();

        assertThat(access.bootstrap(second)).isEmpty();

        assertThatThrownBy(() -> access.authenticate(first)).isInstanceOf(AuthenticationException.class);
        Principal rotated = access.authenticate(second);
        assertThat(rotated.grant().all()).isTrue();
        assertThat(tokens.findByTenant(TenantId.DEFAULT))
                .extracting(ApiToken::name)
                .containsExactly(AccessService.CONFIGURED_NAME);
        assertThat(tokens.audit(TenantId.DEFAULT, 0, 10).events()).first().satisfies(e -> {
            assertThat(e.action()).isEqualTo(Action.REVOKED);
            assertThat(e.token().id()).isEqualTo(firstId);
            assertThat(e.actor().isService()).isTrue();
            assertThat(e.note()).isEqualTo("bootstrap: replaced by a new configured secret");
        });
    }

    @Test
    void removingTheConfiguredSecretRevokesItsTokenButKeepsTheOthers() {
        String configured = "operator-chosen-secret-1234";
        access.bootstrap(configured);
        IssuedToken issued = issue(access.authenticate(configured), null, Permission.NAS_MANAGE);

        assertThat(access.bootstrap(null))
                .as("other tokens exist: nothing to print")
                .isEmpty();

        assertThatThrownBy(() -> access.authenticate(configured)).isInstanceOf(AuthenticationException.class);
        assertThat(access.authenticate(issued.secret()).permissions()).containsExactly(Permission.NAS_MANAGE);
    }

    @Test
    void removingTheOnlyTokenSecretLeadsToANewPrintedOneNeverToNoAccess() {
        String configured = "operator-chosen-secret-1234";
        access.bootstrap(configured);

        Optional<IssuedToken> printed = access.bootstrap(null);

        assertThatThrownBy(() -> access.authenticate(configured)).isInstanceOf(AuthenticationException.class);
        assertThat(printed).isPresent();
        assertThat(access.authenticate(printed.get().secret()).grant().all()).isTrue();
    }

    @Test
    void theFirstStartTokenIsNotRevokedByTheAbsenceOfAConfiguredSecret() {
        IssuedToken printed = access.bootstrap(null).orElseThrow();

        access.bootstrap(null);
        access.bootstrap("operator-chosen-secret-1234");
        access.bootstrap(null);

        assertThat(access.authenticate(printed.secret()).grant().all()).isTrue();
    }

    @Test
    void aConfiguredTokenStoredByAnEarlierVersionIsAdoptedAndFollowsTheConfigurationFromThenOn() {
        String configured = "operator-chosen-secret-1234";
        // stored by an earlier version: named like the first-start token
        tokens.save(
                ApiToken.issued(
                        TokenId.random(),
                        TenantId.DEFAULT,
                        "bootstrap",
                        Grant.ALL,
                        AccessService.hash(configured),
                        clock.instant()),
                new TokenAuditEvent(
                        clock.instant(),
                        Action.ISSUED,
                        new TokenAuditEvent.Subject(TokenId.random(), TenantId.DEFAULT, "bootstrap", Grant.ALL),
                        TokenAuditEvent.Actor.SERVICE,
                        "bootstrap: the configured secret"));

        access.bootstrap(configured);
        assertThat(tokens.findByTenant(TenantId.DEFAULT))
                .extracting(ApiToken::name)
                .containsExactly(AccessService.CONFIGURED_NAME);

        access.bootstrap("operator-rotated-secret-5678");
        assertThatThrownBy(() -> access.authenticate(configured)).isInstanceOf(AuthenticationException.class);
    }

    @Test
    void theNameOfTheConfiguredTokenCannotBeIssued() {
        Principal admin = admin();

        assertThatThrownBy(() -> access.issue(
                        admin,
                        new IssueTokenCommand(
                                null, AccessService.CONFIGURED_NAME, Grant.of(Set.of(Permission.NAS_MANAGE)))))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("reserved");
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
        IssuedToken reader = issue(admin(), null, Permission.DASHBOARD_ACTIVE_SESSIONS);

        Principal principal = principal(reader);
        assertThat(principal.permissions()).containsExactly(Permission.DASHBOARD_ACTIVE_SESSIONS);
        assertThat(principal.grant().all()).isFalse();
        assertThatThrownBy(() -> principal.require(Permission.ROUTERS_DISCONNECT))
                .isInstanceOf(ForbiddenException.class)
                .hasMessageContaining("routers:disconnect");
    }

    @Test
    void aTokenCannotGrantWhatItLacks() {
        IssuedToken manager = issue(admin(), null, Permission.TOKENS_MANAGE);

        assertThatThrownBy(() -> issue(principal(manager), null, Permission.ROUTERS_DISCONNECT))
                .isInstanceOf(ForbiddenException.class)
                .hasMessageContaining("routers:disconnect");
    }

    @Test
    void revokedTokenStopsWorkingAndForeignTokensAreNotFound() {
        Principal admin = admin();
        IssuedToken issued = issue(admin, null, Permission.DASHBOARD_ACTIVE_SESSIONS);
        IssuedToken foreign = issue(admin, ISP, Permission.TOKENS_MANAGE);

        assertThat(access.list(admin)).hasSize(2);
        assertThatThrownBy(() -> access.revoke(admin, foreign.token().id())).isInstanceOf(NotFoundException.class);
        access.revoke(admin, issued.token().id());
        assertThatThrownBy(() -> access.authenticate(issued.secret())).isInstanceOf(AuthenticationException.class);
    }

    @Nested
    class Revocation {
        @Test
        void aTokenMayNotRevokeATokenHoldingMoreThanItself() {
            Principal admin = admin();
            IssuedToken manager = issue(admin, null, Permission.TOKENS_MANAGE);
            IssuedToken strong = issue(admin, null, Permission.TOKENS_MANAGE, Permission.NAS_MANAGE);
            TokenId adminId = admin.tokenId();

            assertThatThrownBy(() ->
                            access.revoke(principal(manager), strong.token().id()))
                    .isInstanceOf(ForbiddenException.class)
                    .hasMessageContaining("nas:manage");
            assertThatThrownBy(() -> access.revoke(principal(manager), adminId))
                    .isInstanceOf(ForbiddenException.class)
                    .hasMessageContaining("'*'");
            assertThat(principal(strong).tokenId()).isEqualTo(strong.token().id());
            assertThat(tokens.findById(TenantId.DEFAULT, adminId)).isPresent();
        }

        @Test
        void aTokenMayRevokeTokensWithinItsOwnPermissionsAndItself() {
            Principal admin = admin();
            IssuedToken manager = issue(admin, null, Permission.TOKENS_MANAGE, Permission.NAS_MANAGE);
            IssuedToken weaker = issue(admin, null, Permission.NAS_MANAGE);
            IssuedToken same = issue(admin, null, Permission.TOKENS_MANAGE, Permission.NAS_MANAGE);

            access.revoke(principal(manager), weaker.token().id());
            access.revoke(principal(manager), same.token().id());
            Principal self = principal(manager);
            access.revoke(self, manager.token().id());

            assertThat(tokens.findByTenant(TenantId.DEFAULT))
                    .extracting(ApiToken::id)
                    .containsExactly(admin.tokenId());
        }

        @Test
        void aListNamingEveryPermissionOfTodayDoesNotCoverAnAllToken() {
            Principal admin = admin();
            IssuedToken everyListed = access.issue(admin, new IssueTokenCommand(null, Permission.all()));
            IssuedToken all = access.issue(admin, new IssueTokenCommand(null, "all", Grant.ALL));

            assertThatThrownBy(() ->
                            access.revoke(principal(everyListed), all.token().id()))
                    .isInstanceOf(ForbiddenException.class);
            assertThatThrownBy(() -> access.issue(principal(everyListed), new IssueTokenCommand(null, null, Grant.ALL)))
                    .isInstanceOf(ForbiddenException.class);
            access.revoke(principal(all), everyListed.token().id());
        }
    }

    @Nested
    class OperatorOnlyPermissions {
        @Test
        void tenantsManageCannotBeIssuedToAnotherTenantsToken() {
            Principal admin = admin();

            assertThatThrownBy(() -> issue(admin, ISP, Permission.TOKENS_MANAGE, Permission.TENANTS_MANAGE))
                    .isInstanceOf(InvalidValueException.class)
                    .hasMessageContaining("tenants:manage can be held only by tokens of the operator tenant 'default'");
            assertThat(tokens.findByTenant(ISP)).isEmpty();
            assertThat(tenants.findById(ISP))
                    .as("a refused issue creates no tenant")
                    .isEmpty();
            assertThat(issue(admin, null, Permission.TENANTS_MANAGE).token().permissions())
                    .containsExactly(Permission.TENANTS_MANAGE);
        }

        @Test
        void aTokenOfAnotherTenantCannotMintTokensForOtherTenantsEvenIfItClaimsTenantsManage() {
            // what a token of another tenant looked like when tenants:manage could be issued to it
            Principal legacy = new Principal(TokenId.random(), ISP, Permission.all());

            assertThat(legacy.has(Permission.TENANTS_MANAGE)).isFalse();
            assertThatThrownBy(() -> issue(legacy, TenantId.of("isp-three"), Permission.NAS_MANAGE))
                    .isInstanceOf(ForbiddenException.class)
                    .hasMessageContaining("tenants:manage");
            assertThatThrownBy(() -> issue(legacy, TenantId.DEFAULT, Permission.NAS_MANAGE))
                    .isInstanceOf(ForbiddenException.class);
            assertThat(tenants.findById(TenantId.of("isp-three"))).isEmpty();
        }

        @Test
        void anotherTenantNeedsTenantsManageAndIsCreatedImplicitly() {
            IssuedToken forIsp = issue(admin(), ISP, Permission.TOKENS_MANAGE, Permission.NAS_MANAGE);
            Principal ispAdmin = principal(forIsp);

            assertThat(ispAdmin.tenant()).isEqualTo(ISP);
            assertThat(tenants.findById(ISP)).isPresent();
            assertThatThrownBy(() -> issue(ispAdmin, TenantId.of("isp-three"), Permission.NAS_MANAGE))
                    .isInstanceOf(ForbiddenException.class)
                    .hasMessageContaining("tenants:manage");
        }

        @Test
        void anAllTokenOfAnotherTenantHoldsEverythingButOperatorOnlyPermissions() {
            IssuedToken ispAll = access.issue(admin(), new IssueTokenCommand(ISP, "isp root", Grant.ALL));
            Principal isp = principal(ispAll);

            Set<Permission> expected = EnumSet.allOf(Permission.class);
            expected.removeIf(Permission::operatorOnly);
            assertThat(isp.permissions()).isEqualTo(expected);
            assertThat(isp.has(Permission.TENANTS_MANAGE)).isFalse();
            assertThatThrownBy(() -> issue(isp, null, Permission.TENANTS_MANAGE))
                    .isInstanceOf(InvalidValueException.class);
        }
    }

    @Nested
    class AllMarker {
        @Test
        void anAllTokenHoldsEveryPermissionThereIsAndIsStoredAsTheMarker() {
            IssuedToken root = access.bootstrap(null).orElseThrow();

            ApiToken stored =
                    tokens.findBySecretHash(AccessService.hash(root.secret())).orElseThrow();
            assertThat(stored.grant().all()).isTrue();
            assertThat(stored.grant().listed())
                    .as("the marker, not a list of today's permissions")
                    .isEmpty();
            // Every value of the enum as the running release has it: a permission a later release adds is one more
            // value here, held without any change to the stored token.
            assertThat(principal(root).permissions()).containsExactlyElementsOf(EnumSet.allOf(Permission.class));
            for (Permission permission : Permission.values()) {
                assertThat(principal(root).has(permission))
                        .as(permission.code())
                        .isTrue();
            }
        }

        @Test
        void onlyAnAllTokenMayIssueAnAllToken() {
            Principal admin = admin();
            IssuedToken all = access.issue(admin, new IssueTokenCommand(null, "second root", Grant.ALL));

            assertThat(all.token().grant()).isEqualTo(Grant.ALL);
            assertThat(all.token().name()).isEqualTo("second root");
            IssuedToken manager = issue(admin, null, Permission.TOKENS_MANAGE);
            assertThatThrownBy(() -> access.issue(principal(manager), new IssueTokenCommand(null, null, Grant.ALL)))
                    .isInstanceOf(ForbiddenException.class)
                    .hasMessageContaining("'*'");
        }

        @Test
        void aConfiguredBootstrapTokenStoredAsAListBecomesAllAndTheChangeIsAudited() {
            String secret = "operator-chosen-secret-1234";
            ApiToken before = ApiToken.issued(
                    TokenId.random(),
                    TenantId.DEFAULT,
                    null,
                    Grant.of(Permission.all()),
                    AccessService.hash(secret),
                    T0.minus(Duration.ofDays(300)));
            tokens.save(
                    before,
                    new TokenAuditEvent(
                            before.createdAt(),
                            Action.ISSUED,
                            TokenAuditEvent.Subject.of(before),
                            TokenAuditEvent.Actor.SERVICE,
                            null));

            access.bootstrap(secret);

            Principal principal = access.authenticate(secret);
            assertThat(principal.tokenId()).isEqualTo(before.id());
            assertThat(principal.grant().all()).isTrue();
            TokenAuditEvent changed = tokens.audit(null, 0, 1).events().get(0);
            assertThat(changed.action()).isEqualTo(Action.CHANGED);
            assertThat(changed.actor().isService()).isTrue();
            assertThat(changed.token().grant()).isEqualTo(Grant.ALL);
        }
    }

    @Nested
    class Audit {
        private final IpAddress address = IpAddress.parse("198.51.100.7");

        @Test
        void issueAndRevokeAreRecordedWithWhoWhatWhichForWhomAndWhen() {
            Principal admin = admin().withClientAddress(address);
            clock.advance(Duration.ofSeconds(5));
            IssuedToken issued = access.issue(
                    admin,
                    new IssueTokenCommand(ISP, "isp nas", Grant.of(Permission.NAS_MANAGE, Permission.TOKENS_MANAGE)));
            clock.advance(Duration.ofSeconds(5));
            access.revoke(
                    principal(issued).withClientAddress(IpAddress.parse("2001:db8::1")),
                    issued.token().id());

            TokenAuditPage page = access.audit(admin, new TokenAuditQuery(ISP, false, 1, 10));

            assertThat(page.total()).isEqualTo(2);
            TokenAuditEvent revoked = page.events().get(0);
            TokenAuditEvent issue = page.events().get(1);
            assertThat(issue.action()).isEqualTo(Action.ISSUED);
            assertThat(issue.at()).isEqualTo(T0.plusSeconds(5));
            assertThat(issue.actor().tokenId()).isEqualTo(admin.tokenId());
            assertThat(issue.actor().tenant()).isEqualTo(TenantId.DEFAULT);
            assertThat(issue.actor().clientAddress()).isEqualTo(address);
            assertThat(issue.token().id()).isEqualTo(issued.token().id());
            assertThat(issue.token().tenant()).isEqualTo(ISP);
            assertThat(issue.token().name()).isEqualTo("isp nas");
            assertThat(issue.token().grant().listed()).containsExactly(Permission.NAS_MANAGE, Permission.TOKENS_MANAGE);
            assertThat(revoked.action()).isEqualTo(Action.REVOKED);
            assertThat(revoked.at()).isEqualTo(T0.plusSeconds(10));
            assertThat(revoked.actor().tokenId()).isEqualTo(issued.token().id());
            assertThat(revoked.actor().tenant()).isEqualTo(ISP);
            assertThat(revoked.actor().clientAddress()).isEqualTo(IpAddress.parse("2001:db8::1"));
        }

        @Test
        void aTenantSeesItsOwnEventsWithoutTheOperatorsTokenOrAddress() {
            Principal admin = admin().withClientAddress(address);
            IssuedToken ispAdmin = issue(admin, ISP, Permission.TOKENS_MANAGE, Permission.NAS_MANAGE);
            issue(admin, TenantId.of("isp-three"), Permission.NAS_MANAGE);
            Principal isp = principal(ispAdmin).withClientAddress(IpAddress.parse("192.0.2.1"));
            issue(isp, null, Permission.NAS_MANAGE);

            TokenAuditPage own = access.audit(isp, new TokenAuditQuery(null, false, 1, 10));

            assertThat(own.total()).isEqualTo(2);
            assertThat(own.events())
                    .allSatisfy(e -> assertThat(e.token().tenant()).isEqualTo(ISP));
            TokenAuditEvent byOperator = own.events().get(1);
            assertThat(byOperator.actor().tenant()).isEqualTo(TenantId.DEFAULT);
            assertThat(byOperator.actor().tokenId()).isNull();
            assertThat(byOperator.actor().clientAddress()).isNull();
            assertThat(own.events().get(0).actor().clientAddress()).isEqualTo(IpAddress.parse("192.0.2.1"));
            assertThatThrownBy(() -> access.audit(isp, new TokenAuditQuery(TenantId.of("isp-three"), false, 1, 10)))
                    .isInstanceOf(ForbiddenException.class)
                    .hasMessageContaining("tenants:manage");
            assertThatThrownBy(() -> access.audit(isp, new TokenAuditQuery(null, true, 1, 10)))
                    .isInstanceOf(ForbiddenException.class);
        }

        @Test
        void theOperatorSeesEveryTenantsEventsInFull() {
            Principal admin = admin().withClientAddress(address);
            issue(admin, ISP, Permission.NAS_MANAGE);
            issue(admin, TenantId.of("isp-three"), Permission.NAS_MANAGE);

            TokenAuditPage every = access.audit(admin, new TokenAuditQuery(null, true, 1, 2));

            assertThat(every.total()).as("the bootstrap token and two issued").isEqualTo(3);
            assertThat(every.events()).hasSize(2);
            assertThat(every.events().get(0).token().tenant()).isEqualTo(TenantId.of("isp-three"));
            assertThat(every.events().get(0).actor().clientAddress()).isEqualTo(address);
            assertThat(access.audit(admin, new TokenAuditQuery(null, true, 2, 2))
                            .events())
                    .singleElement()
                    .satisfies(e -> assertThat(e.note()).isEqualTo("bootstrap: first start"));
        }

        @Test
        void refusedIssuesAndRevocationsLeaveNoRecord() {
            Principal admin = admin();
            IssuedToken manager = issue(admin, null, Permission.TOKENS_MANAGE);
            long before = tokens.audit(null, 0, 100).total();

            assertThatThrownBy(() -> access.revoke(principal(manager), admin.tokenId()))
                    .isInstanceOf(ForbiddenException.class);
            assertThatThrownBy(() -> issue(principal(manager), null, Permission.NAS_MANAGE))
                    .isInstanceOf(ForbiddenException.class);

            assertThat(tokens.audit(null, 0, 100).total()).isEqualTo(before);
        }
    }

    @Nested
    class LastUse {
        @Test
        void aUseIsWrittenAtMostOnceAMinutePerToken() {
            IssuedToken root = access.bootstrap(null).orElseThrow();
            access.authenticate(root.secret());
            assertThat(tokens.useWrites()).isEqualTo(1);
            assertThat(access.describe(principal(root)).lastUsedAt()).isEqualTo(T0);

            for (int i = 0; i < 59; i++) {
                clock.advance(Duration.ofSeconds(1));
                access.authenticate(root.secret());
            }
            assertThat(tokens.useWrites()).as("59 requests within the minute").isEqualTo(1);

            clock.advance(Duration.ofSeconds(1));
            access.authenticate(root.secret());
            assertThat(tokens.useWrites()).isEqualTo(2);
            assertThat(access.describe(principal(root)).lastUsedAt()).isEqualTo(T0.plusSeconds(60));
        }

        @Test
        void aStoreThatCannotRecordTheUseDoesNotRefuseTheCaller() {
            IssuedToken root = access.bootstrap(null).orElseThrow();
            tokens.failUseWritesWith(new IllegalStateException("database went away"));
            clock.advance(Duration.ofMinutes(5));
            AccessService onFailingStore = new AccessService(tokens, tenants, clock);

            assertThat(onFailingStore.authenticate(root.secret()).tokenId())
                    .isEqualTo(root.token().id());
        }
    }

    @Test
    void describeTellsATokenAboutItself() {
        Principal admin = admin();
        IssuedToken named = access.issue(
                admin, new IssueTokenCommand(null, "reader", Grant.of(Permission.DASHBOARD_ACTIVE_SESSIONS)));

        ApiToken self = access.describe(principal(named));

        assertThat(self.id()).isEqualTo(named.token().id());
        assertThat(self.name()).isEqualTo("reader");
        assertThat(self.createdAt()).isEqualTo(T0);
        assertThat(self.lastUsedAt()).isEqualTo(T0);
        assertThatThrownBy(() -> access.describe(new Principal(null, TenantId.DEFAULT, Set.of())))
                .isInstanceOf(NotFoundException.class);
    }
}
