package io.sessionkeeper.domain.service;

import io.sessionkeeper.domain.model.ApiToken;
import io.sessionkeeper.domain.model.AuthenticationException;
import io.sessionkeeper.domain.model.ForbiddenException;
import io.sessionkeeper.domain.model.InvalidValueException;
import io.sessionkeeper.domain.model.NotFoundException;
import io.sessionkeeper.domain.model.Permission;
import io.sessionkeeper.domain.model.Principal;
import io.sessionkeeper.domain.model.Tenant;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.TokenId;
import io.sessionkeeper.domain.port.in.AuthenticateUseCase;
import io.sessionkeeper.domain.port.in.BootstrapAccessUseCase;
import io.sessionkeeper.domain.port.in.IssueTokenCommand;
import io.sessionkeeper.domain.port.in.IssuedToken;
import io.sessionkeeper.domain.port.in.ManageTokensUseCase;
import io.sessionkeeper.domain.port.out.ApiTokenStore;
import io.sessionkeeper.domain.port.out.TenantDirectory;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** API tokens: random 256-bit secrets, stored as SHA-256, shown once; tenants created with their first token. */
public final class AccessService implements AuthenticateUseCase, ManageTokensUseCase, BootstrapAccessUseCase {
    static final String SECRET_PREFIX = "sk_";
    static final int MIN_CONFIGURED_SECRET_LENGTH = 20;

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
        return new Principal(token.id(), token.tenant(), token.permissions());
    }

    @Override
    public IssuedToken issue(Principal caller, IssueTokenCommand command) {
        caller.require(Permission.TOKENS_MANAGE);
        TenantId tenant = command.tenant() == null ? caller.tenant() : command.tenant();
        if (!tenant.equals(caller.tenant())) {
            caller.require(Permission.TENANTS_MANAGE);
        }
        for (Permission permission : command.permissions()) {
            if (!caller.has(permission)) {
                throw new ForbiddenException("cannot grant " + permission.code() + ", which this token lacks");
            }
        }
        return create(tenant, command.permissions(), newSecret());
    }

    @Override
    public List<ApiToken> list(Principal caller) {
        caller.require(Permission.TOKENS_MANAGE);
        return tokens.findByTenant(caller.tenant());
    }

    @Override
    public void revoke(Principal caller, TokenId id) {
        caller.require(Permission.TOKENS_MANAGE);
        if (!tokens.delete(caller.tenant(), id)) {
            throw new NotFoundException("token", id);
        }
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
            if (tokens.findBySecretHash(hash(configuredSecret)).isEmpty()) {
                create(TenantId.DEFAULT, Permission.all(), configuredSecret);
            }
            return Optional.empty();
        }
        if (tokens.any()) {
            return Optional.empty();
        }
        return Optional.of(create(TenantId.DEFAULT, Permission.all(), newSecret()));
    }

    private IssuedToken create(TenantId tenant, java.util.Set<Permission> permissions, String secret) {
        tenants.createIfAbsent(new Tenant(tenant, tenant.value(), ZoneOffset.UTC));
        ApiToken token = new ApiToken(TokenId.random(), tenant, permissions, hash(secret), Instants.now(clock));
        tokens.save(token);
        return new IssuedToken(token, secret);
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
