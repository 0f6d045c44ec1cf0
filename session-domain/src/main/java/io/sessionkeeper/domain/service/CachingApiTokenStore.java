package io.sessionkeeper.domain.service;

import io.sessionkeeper.domain.model.ApiToken;
import io.sessionkeeper.domain.model.InvalidValueException;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.TokenAuditEvent;
import io.sessionkeeper.domain.model.TokenId;
import io.sessionkeeper.domain.port.out.ApiTokenStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An {@link ApiTokenStore} that remembers found tokens for a short while, so that a busy client does not cost a
 * database query per request. Keyed by the secret's hash (the secret itself never reaches the store), bounded in
 * size, and only tokens that exist are remembered (an unknown hash is asked again each time: a token issued on
 * another instance works at once).
 *
 * <p>A revocation or a change made through this instance applies at once: the token is dropped from the cache in
 * the same call, and a look-up that raced with it is not cached. Another instance sharing the database keeps
 * accepting a token it found before for at most the time-to-live.
 */
public final class CachingApiTokenStore implements ApiTokenStore {
    public static final Duration DEFAULT_TIME_TO_LIVE = Duration.ofSeconds(15);
    public static final int DEFAULT_MAX_ENTRIES = 10_000;

    private final ApiTokenStore delegate;
    private final Clock clock;
    private final Duration timeToLive;
    private final Map<String, Entry> byHash;
    /** Counts changes (revocations, replacements): a look-up begun before one must not cache what it read. */
    private long changes;

    private record Entry(ApiToken token, Instant expires) {}

    public CachingApiTokenStore(ApiTokenStore delegate, Clock clock, Duration timeToLive, int maxEntries) {
        InvalidValueException.require(
                timeToLive != null && !timeToLive.isNegative(), "timeToLive", "must be zero or more");
        InvalidValueException.require(maxEntries >= 1, "maxEntries", "must be 1 or more");
        this.delegate = delegate;
        this.clock = clock;
        this.timeToLive = timeToLive;
        this.byHash = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > maxEntries;
            }
        };
    }

    public static CachingApiTokenStore withDefaults(ApiTokenStore delegate, Clock clock) {
        return new CachingApiTokenStore(delegate, clock, DEFAULT_TIME_TO_LIVE, DEFAULT_MAX_ENTRIES);
    }

    @Override
    public Optional<ApiToken> findBySecretHash(String secretHash) {
        Instant now = clock.instant();
        long changesBefore;
        synchronized (this) {
            Entry entry = byHash.get(secretHash);
            if (entry != null && now.isBefore(entry.expires())) {
                return Optional.of(entry.token());
            }
            changesBefore = changes;
        }
        Optional<ApiToken> found = delegate.findBySecretHash(secretHash);
        synchronized (this) {
            if (found.isPresent() && changes == changesBefore && !timeToLive.isZero()) {
                byHash.remove(secretHash); // re-inserted last: the eldest entry is the first to go when full
                byHash.put(secretHash, new Entry(found.get(), now.plus(timeToLive)));
            } else if (found.isEmpty()) {
                byHash.remove(secretHash);
            }
        }
        return found;
    }

    @Override
    public void save(ApiToken token, TokenAuditEvent event) {
        try {
            delegate.save(token, event);
        } finally {
            forget(token.id());
        }
    }

    @Override
    public boolean delete(TenantId tenant, TokenId id, TokenAuditEvent event) {
        try {
            return delegate.delete(tenant, id, event);
        } finally {
            forget(id);
        }
    }

    /** The cached token shows the use at once, so that the next requests of the minute do not write again. */
    @Override
    public void recordUse(TenantId tenant, TokenId id, Instant at) {
        synchronized (this) {
            byHash.replaceAll((hash, entry) -> entry.token().id().equals(id)
                    ? new Entry(entry.token().withLastUsedAt(at), entry.expires())
                    : entry);
        }
        delegate.recordUse(tenant, id, at);
    }

    private synchronized void forget(TokenId id) {
        changes++;
        byHash.values().removeIf(entry -> entry.token().id().equals(id));
    }

    @Override
    public Optional<ApiToken> findById(TenantId tenant, TokenId id) {
        return delegate.findById(tenant, id);
    }

    @Override
    public List<ApiToken> findByTenant(TenantId tenant) {
        return delegate.findByTenant(tenant);
    }

    @Override
    public boolean any() {
        return delegate.any();
    }

    @Override
    public AuditPage audit(TenantId tenant, long offset, int limit) {
        return delegate.audit(tenant, offset, limit);
    }
}
