package io.sessionkeeper.domain.service;

import io.sessionkeeper.domain.model.ApiToken;
import io.sessionkeeper.domain.model.AuthenticationException;
import io.sessionkeeper.domain.model.ForbiddenException;
import io.sessionkeeper.domain.model.Grant;
import io.sessionkeeper.domain.model.InvalidValueException;
import io.sessionkeeper.domain.model.NotFoundException;
import io.sessionkeeper.domain.model.Permission;
import io.sessionkeeper.domain.model.Principal;
import io.sessionkeeper.domain.model.Tenant;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.TokenAuditEvent;
import io.sessionkeeper.domain.model.TokenAuditEvent.Action;
import io.sessionkeeper.domain.model.TokenAuditEvent.Actor;
import io.sessionkeeper.domain.model.TokenId;
import io.sessionkeeper.domain.port.in.AuthenticateUseCase;
import io.sessionkeeper.domain.port.in.BootstrapAccessUseCase;
import io.sessionkeeper.domain.port.in.IssueTokenCommand;
import io.sessionkeeper.domain.port.in.IssuedToken;
import io.sessionkeeper.domain.port.in.ManageTokensUseCase;
import io.sessionkeeper.domain.port.in.TokenAuditPage;
import io.sessionkeeper.domain.port.in.TokenAuditQuery;
import io.sessionkeeper.domain.port.out.ApiTokenStore;
import io.sessionkeeper.domain.port.out.TenantDirectory;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * API tokens: random 256-bit secrets, stored as SHA-256, shown once; tenants created with their first token. The
 * rules of {@link ManageTokensUseCase} are kept here; every issue and revoke goes to the audit with the change.
 */
@Singleton
public final class AccessService implements AuthenticateUseCase, ManageTokensUseCase, BootstrapAccessUseCase {
    static final String SECRET_PREFIX = "sk_";
    static final int MIN_CONFIGURED_SECRET_LENGTH = 20;
    static final String BOOTSTRAP_NAME = "bootstrap";
    /**
     * The name of the token of the configured bootstrap secret, by which a later start finds it to replace or revoke
     * it; reserved: no token can be issued under it.
     */
    public static final String CONFIGURED_NAME = "configured bootstrap";

    private final ApiTokenStore tokens;
    private final TenantDirectory tenants;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    @Inject
    public AccessService(ApiTokenStore tokens, TenantDirectory tenants, Clock clock) {
        this.tokens = tokens;
        this.tenants = tenants;
        this.clock = clock;
    }

    @Override
    public Principal authenticate(String secret) {
        if (secret == null || secret.isBlank() || secret.length() > 512) {
            throw new AuthenticationException("a bearer token is required");
        }
        ApiToken token = tokens.findBySecretHash(hash(secret))
                .orElseThrow(() -> new AuthenticationException("the bearer token is not valid"));
        recordUse(token);
        return Principal.of(token);
    }

    /**
     * At most one write a minute per token ({@link ApiToken#LAST_USE_RESOLUTION}), in the request that finds the
     * last one a minute old; the store's guard keeps several instances to about one write a minute between them.
     */
    private void recordUse(ApiToken token) {
        Instant now = Instants.now(clock);
        if (!token.useWorthRecording(now)) {
            return;
        }
        try {
            tokens.recordUse(token.tenant(), token.id(), now);
        } catch (RuntimeException e) {
            // Bookkeeping only: the token was found, so the caller is who it claims to be. A store that cannot
            // write now must not turn that into a refusal; a later request tries again (with the cache in front:
            // once its entry has expired, since the cached token already shows the attempted use).
        }
    }

    @Override
    public IssuedToken issue(Principal caller, IssueTokenCommand command) {
        caller.require(Permission.TOKENS_MANAGE);
        TenantId tenant = command.tenant() == null ? caller.tenant() : command.tenant();
        if (!tenant.equals(caller.tenant())) {
            caller.require(Permission.TENANTS_MANAGE);
        }
        requireCovered(caller, command.grant(), "grant");
        InvalidValueException.require(
                !CONFIGURED_NAME.equals(command.name()),
                "name",
                "'" + CONFIGURED_NAME + "' is reserved for the token of the configured bootstrap secret");
        return create(tenant, command.name(), command.grant(), newSecret(), Actor.of(caller), null);
    }

    @Override
    public List<ApiToken> list(Principal caller) {
        caller.require(Permission.TOKENS_MANAGE);
        return tokens.findByTenant(caller.tenant());
    }

    @Override
    public void revoke(Principal caller, TokenId id) {
        caller.require(Permission.TOKENS_MANAGE);
        ApiToken target = tokens.findById(caller.tenant(), id).orElseThrow(() -> new NotFoundException("token", id));
        // Otherwise a token allowed only to manage tokens could take away the operator's own (all) token.
        requireCovered(caller, target.grant(), "revoke a token holding");
        TokenAuditEvent revoked = new TokenAuditEvent(
                Instants.now(clock), Action.REVOKED, TokenAuditEvent.Subject.of(target), Actor.of(caller), null);
        if (!tokens.delete(caller.tenant(), id, revoked)) {
            throw new NotFoundException("token", id);
        }
    }

    @Override
    public ApiToken describe(Principal caller) {
        if (caller.tokenId() == null) {
            throw new NotFoundException("token", "of this caller");
        }
        return tokens.findById(caller.tenant(), caller.tokenId())
                .orElseThrow(() -> new NotFoundException("token", caller.tokenId()));
    }

    @Override
    public TokenAuditPage audit(Principal caller, TokenAuditQuery query) {
        caller.require(Permission.TOKENS_MANAGE);
        TenantId scope = query.everyTenant() ? null : query.tenant() == null ? caller.tenant() : query.tenant();
        if (scope == null || !scope.equals(caller.tenant())) {
            caller.require(Permission.TENANTS_MANAGE);
        }
        ApiTokenStore.AuditPage page = tokens.audit(scope, query.offset(), query.pageSize());
        List<TokenAuditEvent> visible =
                page.events().stream().map(e -> visibleTo(caller, e)).toList();
        return new TokenAuditPage(visible, page.total(), query.page(), query.pageSize());
    }

    /** A tenant sees that the operator acted on its tokens, but not with which token nor from where. */
    private static TokenAuditEvent visibleTo(Principal caller, TokenAuditEvent event) {
        Actor actor = event.actor();
        if (caller.has(Permission.TENANTS_MANAGE)
                || actor.isService()
                || actor.tenant().equals(caller.tenant())) {
            return event;
        }
        return event.withActor(actor.redacted());
    }

    private static void requireCovered(Principal caller, Grant wanted, String what) {
        if (caller.grant().covers(wanted)) {
            return;
        }
        if (wanted.all()) {
            throw new ForbiddenException("cannot " + what + " '" + Grant.ALL_CODE
                    + "' (every permission, including later ones): this token does not hold it");
        }
        Permission missing = wanted.listed().stream()
                .filter(p -> !caller.grant().listed().contains(p))
                .findFirst()
                .orElseThrow();
        throw new ForbiddenException("cannot " + what + " " + missing.code() + ", which this token lacks");
    }

    @Override
    public Optional<IssuedToken> bootstrap(String configuredSecret) {
        if (configuredSecret != null) {
            InvalidValueException.require(
                    configuredSecret.length() >= MIN_CONFIGURED_SECRET_LENGTH
                            && configuredSecret.length() <= 512
                            && configuredSecret.strip().equals(configuredSecret),
                    "bootstrapToken",
                    "must be 20-512 characters without surrounding spaces");
            String configuredHash = hash(configuredSecret);
            Optional<ApiToken> existing = tokens.findBySecretHash(configuredHash);
            if (existing.isEmpty()) {
                create(
                        TenantId.OPERATOR,
                        CONFIGURED_NAME,
                        Grant.ALL,
                        configuredSecret,
                        Actor.SERVICE,
                        "bootstrap: the configured secret");
            } else {
                InvalidValueException.require(
                        existing.get().tenant().isOperator(),
                        "bootstrapToken",
                        "is the secret of a token of another tenant; choose a new one");
                adoptAsConfigured(existing.get());
            }
            // Only then the previous value goes: the operator is never left without a token in between.
            revokeConfigured(configuredHash, "bootstrap: replaced by a new configured secret");
            return Optional.empty();
        }
        revokeConfigured(null, "bootstrap: no secret is configured any more");
        if (tokens.any()) {
            return Optional.empty();
        }
        return Optional.of(create(
                TenantId.OPERATOR, BOOTSTRAP_NAME, Grant.ALL, newSecret(), Actor.SERVICE, "bootstrap: first start"));
    }

    /**
     * The stored token of the configured secret holds all and carries {@link #CONFIGURED_NAME}: one stored before
     * the "all" marker (V4) as a list, or before this name as "bootstrap", is brought up to date, audited.
     */
    private void adoptAsConfigured(ApiToken token) {
        ApiToken adopted = token.withGrant(Grant.ALL).withName(CONFIGURED_NAME);
        if (adopted.equals(token)) {
            return;
        }
        String note = token.grant().all()
                ? "bootstrap: the configured token is named '" + CONFIGURED_NAME + "' and follows the configuration"
                : "bootstrap: the configured token holds all";
        tokens.save(adopted, serviceEvent(Action.CHANGED, adopted, note));
    }

    /** Revokes the operator's configured tokens other than the one of {@code keptHash} (null: all of them). */
    private void revokeConfigured(String keptHash, String note) {
        for (ApiToken token : tokens.findByTenant(TenantId.OPERATOR)) {
            if (CONFIGURED_NAME.equals(token.name()) && !token.secretHash().equals(keptHash)) {
                tokens.delete(token.tenant(), token.id(), serviceEvent(Action.REVOKED, token, note));
            }
        }
    }

    private IssuedToken create(TenantId tenant, String name, Grant grant, String secret, Actor actor, String note) {
        Instant now = Instants.now(clock);
        ApiToken token = ApiToken.issued(TokenId.random(), tenant, name, grant, hash(secret), now);
        tenants.createIfAbsent(new Tenant(tenant, tenant.value(), ZoneOffset.UTC));
        tokens.save(token, new TokenAuditEvent(now, Action.ISSUED, TokenAuditEvent.Subject.of(token), actor, note));
        return new IssuedToken(token, secret);
    }

    private TokenAuditEvent serviceEvent(Action action, ApiToken token, String note) {
        return new TokenAuditEvent(Instants.now(clock), action, TokenAuditEvent.Subject.of(token), Actor.SERVICE, note);
    }

    private String newSecret() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return SECRET_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String hash(String secret) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha256.digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }
}
