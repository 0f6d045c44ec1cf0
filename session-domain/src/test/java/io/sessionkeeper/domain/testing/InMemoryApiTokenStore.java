package io.sessionkeeper.domain.testing;

import io.sessionkeeper.domain.model.ApiToken;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.TokenAuditEvent;
import io.sessionkeeper.domain.model.TokenId;
import io.sessionkeeper.domain.port.out.ApiTokenStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Token store in memory; passes {@link ApiTokenStoreContract}. Counts look-ups and use writes for tests. */
public final class InMemoryApiTokenStore implements ApiTokenStore {
    private final Map<TokenId, ApiToken> tokens = new LinkedHashMap<>();
    private final List<TokenAuditEvent> audit = new ArrayList<>();
    private int lookups;
    private int useWrites;
    private RuntimeException useWriteFailure;
    private Runnable duringLookup = () -> {};

    @Override
    public synchronized void save(ApiToken token, TokenAuditEvent event) {
        tokens.put(token.id(), token);
        audit.add(event);
    }

    @Override
    public Optional<ApiToken> findBySecretHash(String secretHash) {
        Optional<ApiToken> found;
        synchronized (this) {
            lookups++;
            found = tokens.values().stream()
                    .filter(t -> t.secretHash().equals(secretHash))
                    .findFirst();
        }
        duringLookup.run(); // outside the lock, as another thread would
        return found;
    }

    @Override
    public synchronized Optional<ApiToken> findById(TenantId tenant, TokenId id) {
        return Optional.ofNullable(tokens.get(id)).filter(t -> t.tenant().equals(tenant));
    }

    @Override
    public synchronized List<ApiToken> findByTenant(TenantId tenant) {
        return tokens.values().stream()
                .filter(t -> t.tenant().equals(tenant))
                .sorted(Comparator.comparing(ApiToken::createdAt).thenComparing(t -> t.id().toString()))
                .toList();
    }

    @Override
    public synchronized boolean delete(TenantId tenant, TokenId id, TokenAuditEvent event) {
        ApiToken token = tokens.get(id);
        if (token == null || !token.tenant().equals(tenant)) {
            return false;
        }
        tokens.remove(id);
        audit.add(event);
        return true;
    }

    @Override
    public synchronized boolean any() {
        return !tokens.isEmpty();
    }

    @Override
    public synchronized void recordUse(TenantId tenant, TokenId id, Instant at) {
        if (useWriteFailure != null) {
            throw useWriteFailure;
        }
        ApiToken token = tokens.get(id);
        if (token == null || !token.tenant().equals(tenant)) {
            return;
        }
        if (token.lastUsedAt() == null
                || !token.lastUsedAt().plus(ApiToken.LAST_USE_RESOLUTION).isAfter(at)) {
            tokens.put(id, token.withLastUsedAt(at));
            useWrites++;
        }
    }

    @Override
    public synchronized AuditPage audit(TenantId tenant, long offset, int limit) {
        List<TokenAuditEvent> matching = new ArrayList<>();
        for (int i = audit.size() - 1; i >= 0; i--) {
            if (tenant == null || audit.get(i).involves(tenant)) {
                matching.add(audit.get(i));
            }
        }
        return new AuditPage(matching.stream().skip(offset).limit(limit).toList(), matching.size());
    }

    /** From now on, recording a use throws {@code failure}, as a database that went away. */
    public synchronized void failUseWritesWith(RuntimeException failure) {
        this.useWriteFailure = failure;
    }

    /** Runs {@code action} in each look-up by hash after the token was read, before it is returned. */
    public synchronized void duringLookups(Runnable action) {
        this.duringLookup = action;
    }

    /** How many times a token was looked up by its hash. */
    public synchronized int lookups() {
        return lookups;
    }

    /** How many uses were written (a write that the one-a-minute guard skipped does not count). */
    public synchronized int useWrites() {
        return useWrites;
    }
}
