package io.sessionkeeper.domain.port.in;

/**
 * Closes sessions whose NAS stopped reporting: no accounting for longer than the stale threshold, measured from
 * the last accounting seen (never from the start: PPPoE sessions legitimately last weeks).
 */
public interface CleanupStaleSessionsUseCase {
    CleanupResult cleanup(CleanupStaleSessionsCommand command);
}
