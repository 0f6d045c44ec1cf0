package io.sessionkeeper.domain.port.out;

import io.sessionkeeper.domain.model.ApiToken;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.TokenId;
import java.util.List;
import java.util.Optional;

/** Stored API tokens (hashes only). */
public interface ApiTokenStore {
    void save(ApiToken token);

    Optional<ApiToken> findBySecretHash(String secretHash);

    /** Tokens of the tenant, oldest first. */
    List<ApiToken> findByTenant(TenantId tenant);

    boolean delete(TenantId tenant, TokenId id);

    /** Whether any token exists at all (first start creates one when none does). */
    boolean any();
}
