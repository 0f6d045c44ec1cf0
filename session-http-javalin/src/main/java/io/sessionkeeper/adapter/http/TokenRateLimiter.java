package io.sessionkeeper.adapter.http;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.sessionkeeper.domain.model.Principal;
import io.sessionkeeper.domain.model.TokenId;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-token token buckets (Bucket4j): every {@code /api} request takes one token from the token's general bucket,
 * an expensive one also from its expensive bucket. Buckets live in memory, one pair per API token that made a
 * request (tokens are few and issued by admins; a revoked token's buckets are dropped). Time comes from the
 * injected clock, so tests can refill by moving it.
 */
final class TokenRateLimiter {
    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final RateLimitSettings settings;
    private final TimeMeter time;
    private final Map<Object, Buckets> buckets = new ConcurrentHashMap<>();

    TokenRateLimiter(RateLimitSettings settings, Clock clock) {
        this.settings = settings;
        this.time = new ClockTimeMeter(clock);
    }

    /** @throws RateLimitedException when the token must wait */
    void acquire(Principal principal, Cost cost) {
        if (!settings.enabled()) {
            return;
        }
        Buckets pair = buckets.computeIfAbsent(
                keyOf(principal),
                key -> new Buckets(bucket(settings.perMinute()), bucket(settings.expensivePerMinute())));
        if (cost == Cost.EXPENSIVE) {
            ConsumptionProbe expensive = pair.expensive.tryConsumeAndReturnRemaining(1);
            if (!expensive.isConsumed()) {
                throw limited(
                        "expensive requests (listings, exports, statistics)", settings.expensivePerMinute(), expensive);
            }
        }
        ConsumptionProbe general = pair.general.tryConsumeAndReturnRemaining(1);
        if (!general.isConsumed()) {
            if (cost == Cost.EXPENSIVE) {
                pair.expensive.addTokens(1);
            }
            throw limited("requests", settings.perMinute(), general);
        }
    }

    void forget(TokenId id) {
        buckets.remove(id);
    }

    private static Object keyOf(Principal principal) {
        return principal.tokenId() != null ? principal.tokenId() : principal.tenant();
    }

    private Bucket bucket(long perMinute) {
        return Bucket.builder()
                .addLimit(limit -> limit.capacity(perMinute).refillGreedy(perMinute, WINDOW))
                .withCustomTimePrecision(time)
                .build();
    }

    private static RateLimitedException limited(String what, long perMinute, ConsumptionProbe probe) {
        long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
        return new RateLimitedException(
                "this token may make " + perMinute + " " + what + " per minute; retry in " + seconds + " s", seconds);
    }

    private record Buckets(Bucket general, Bucket expensive) {}
}
