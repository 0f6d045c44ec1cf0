package io.sessionkeeper.domain.testing;

import io.sessionkeeper.domain.model.ApiToken;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.TokenId;
import io.sessionkeeper.domain.port.out.ApiTokenStore;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Token store in memory; passes {@link ApiTokenStoreContract}. */
public final class InMemoryApiTokenStore implements ApiTokenStore {
    private final Map<TokenId, ApiToken> tokens = new LinkedHashMap<>();

    @Override
    public synchronized void save(ApiToken token) {
        tokens.put(token.id(), token);
    }

    @Override
    public synchronized Optional<ApiToken> findBySecretHash(String secretHash) {
        return tokens.values().stream()
                .filter(t -> t.secretHash().equals(secretHash))
                .findFirst();
    }

    @Override
    public synchronized List<ApiToken> findByTenant(TenantId tenant) {
        return tokens.values().stream()
                .filter(t -> t.tenant().equals(tenant))
                .sorted(Comparator.comparing(ApiToken::createdAt).thenComparing(t -> t.id().toString()))
                .toList();
    }

    @Override
    public synchronized boolean delete(TenantId tenant, TokenId id) {
        ApiToken token = tokens.get(id);
        if (token == null || !token.tenant().equals(tenant)) {
            return false;
        }
        tokens.remove(id);
        return true;
    }

    @Override
    public synchronized boolean any() {
        return !tokens.isEmpty();
    }
}
