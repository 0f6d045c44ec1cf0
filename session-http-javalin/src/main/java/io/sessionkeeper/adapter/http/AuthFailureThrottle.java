package io.sessionkeeper.adapter.http;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Failed authentications per client address (Bucket4j, in memory): after {@code perMinute} failures in a minute an
 * address gets 429 with Retry-After on every {@code /api} request, before its token is looked up, until its bucket
 * refills. A token look-up costs a database query, so without this anyone who can reach the port could keep the
 * API's connections busy with made-up tokens. Successful requests cost nothing here.
 *
 * <p>At most {@value #MAX_CLIENTS} addresses are remembered, the least recently failing forgotten first, so that a
 * flood of source addresses cannot grow memory without bound.
 */
final class AuthFailureThrottle {
    static final int MAX_CLIENTS = 10_000;
    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final long perMinute;
    private final TimeMeter time;
    private final Map<String, Bucket> buckets = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
            return size() > MAX_CLIENTS;
        }
    };

    /** @param perMinute failures allowed per address and minute; 0 turns the throttle off */
    AuthFailureThrottle(long perMinute, Clock clock) {
        this.perMinute = perMinute;
        this.time = new ClockTimeMeter(clock);
    }

    /** @throws RateLimitedException when {@code client} used up its failures */
    void check(String client) {
        if (perMinute == 0) {
            return;
        }
        Bucket bucket;
        synchronized (buckets) {
            bucket = buckets.get(client);
        }
        if (bucket != null && bucket.getAvailableTokens() < 1) {
            long nanos = bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill();
            long seconds = Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
            throw new RateLimitedException(
                    "too many failed authentications from this address (" + perMinute + " a minute); retry in "
                            + seconds + " s",
                    seconds);
        }
    }

    /** Counts a failed authentication of {@code client}. */
    void failed(String client) {
        if (perMinute == 0) {
            return;
        }
        Bucket bucket;
        synchronized (buckets) {
            bucket = buckets.computeIfAbsent(client, key -> Bucket.builder()
                    .addLimit(limit -> limit.capacity(perMinute).refillGreedy(perMinute, WINDOW))
                    .withCustomTimePrecision(time)
                    .build());
        }
        bucket.tryConsume(1);
    }
}
