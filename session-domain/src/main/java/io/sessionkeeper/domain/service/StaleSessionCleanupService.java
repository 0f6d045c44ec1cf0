package io.sessionkeeper.domain.service;

import io.sessionkeeper.domain.port.in.CleanupResult;
import io.sessionkeeper.domain.port.in.CleanupStaleSessionsCommand;
import io.sessionkeeper.domain.port.in.CleanupStaleSessionsUseCase;
import io.sessionkeeper.domain.port.out.SessionRepository;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;

/**
 * Closes sessions last seen before now minus the threshold, each at its last-seen time (no invented usage
 * time), as Stale-Session-Cleanup, each with a Closed As Stale event at the time of the cleanup. Unlike the legacy module, the start time alone never makes a session stale.
 */
@Singleton
public final class StaleSessionCleanupService implements CleanupStaleSessionsUseCase {
    private final SessionRepository sessions;
    private final StaleSessionPolicy policy;
    private final Clock clock;

    @Inject
    public StaleSessionCleanupService(SessionRepository sessions, StaleSessionPolicy policy, Clock clock) {
        this.sessions = sessions;
        this.policy = policy;
        this.clock = clock;
    }

    @Override
    public CleanupResult cleanup(CleanupStaleSessionsCommand command) {
        Instant now = Instants.now(clock);
        Instant cutoff = now.minus(policy.threshold());
        long cleaned = 0;
        int batch;
        do {
            batch = sessions.closeStale(command.tenant(), cutoff, now, policy.batchSize());
            cleaned += batch;
        } while (batch >= policy.batchSize());
        return new CleanupResult(cleaned, cutoff);
    }
}
