package io.sessionkeeper.domain.service;

import static io.sessionkeeper.domain.testing.Fixtures.OTHER_TENANT;
import static io.sessionkeeper.domain.testing.Fixtures.T0;
import static io.sessionkeeper.domain.testing.Fixtures.TENANT;
import static io.sessionkeeper.domain.testing.Fixtures.session;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessionkeeper.domain.model.InvalidValueException;
import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.model.SessionEvent;
import io.sessionkeeper.domain.model.TerminateCause;
import io.sessionkeeper.domain.port.in.CleanupResult;
import io.sessionkeeper.domain.port.in.CleanupStaleSessionsCommand;
import io.sessionkeeper.domain.testing.Fixtures;
import io.sessionkeeper.domain.testing.InMemorySessionRepository;
import io.sessionkeeper.domain.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StaleSessionCleanupServiceTest {
    private final InMemorySessionRepository repository = new InMemorySessionRepository();
    private final Instant now = T0.plus(Duration.ofDays(10));
    private final MutableClock clock = new MutableClock(now);
    private final Nas nas = Fixtures.nas("Main Router", "192.0.2.1");
    private final Nas foreignNas = Fixtures.nas(OTHER_TENANT, "Foreign", "192.0.2.9");

    private void save(Session... sessions) {
        repository.writeAtomically(Set.of(), w -> {
            w.saveAll(List.of(sessions));
            return null;
        });
    }

    private StaleSessionCleanupService service(StaleSessionPolicy policy) {
        return new StaleSessionCleanupService(repository, policy, clock);
    }

    @Test
    void multiDayPppoeSessionWithRecentAccountingIsNotStale() {
        Session weekLong = session(nas)
                .start(T0)
                .lastUpdate(now.minus(Duration.ofMinutes(5)))
                .build();
        save(weekLong);

        CleanupResult result = service(StaleSessionPolicy.DEFAULT).cleanup(CleanupStaleSessionsCommand.of(TENANT));

        assertThat(result.cleanedCount()).isZero();
        assertThat(repository.findById(TENANT, weekLong.id()).orElseThrow().isActive())
                .isTrue();
    }

    @Test
    void sessionSilentLongerThanTheThresholdIsClosedAtItsLastSeenTime() {
        Instant lastSeen = now.minus(Duration.ofHours(25));
        Session silent = session(nas).start(T0).lastUpdate(lastSeen).build();
        save(silent);

        CleanupResult result = service(StaleSessionPolicy.DEFAULT).cleanup(CleanupStaleSessionsCommand.of(TENANT));

        assertThat(result.cleanedCount()).isEqualTo(1);
        assertThat(result.cutoffTime()).isEqualTo(now.minus(Duration.ofHours(24)));
        Session closed = repository.findById(TENANT, silent.id()).orElseThrow();
        assertThat(closed.stopTime()).isEqualTo(lastSeen);
        assertThat(closed.terminateCause()).isEqualTo(TerminateCause.STALE_SESSION_CLEANUP);
    }

    @Test
    void recentlyStartedSessionWithoutUpdatesIsJudgedByItsStart() {
        save(session(nas).start(now.minus(Duration.ofHours(2))).build());

        assertThat(service(StaleSessionPolicy.DEFAULT)
                        .cleanup(CleanupStaleSessionsCommand.allTenants())
                        .cleanedCount())
                .isZero();
    }

    @Test
    void cleansEveryBatchAndOnlyTheAskingTenantUnlessAll() {
        for (int i = 0; i < 7; i++) {
            save(session(nas).acctSessionId("S" + i).lastUpdate(T0).build());
        }
        save(session(foreignNas).lastUpdate(T0).build());
        StaleSessionCleanupService small = service(new StaleSessionPolicy(Duration.ofHours(24), 3));

        assertThat(small.cleanup(CleanupStaleSessionsCommand.of(TENANT)).cleanedCount())
                .isEqualTo(7);
        assertThat(small.cleanup(CleanupStaleSessionsCommand.allTenants()).cleanedCount())
                .isEqualTo(1);
        assertThat(repository.all()).noneMatch(Session::isActive);
    }

    @Test
    void thresholdShorterThanInterimIntervalsIsRefused() {
        assertThatThrownBy(() -> new StaleSessionPolicy(Duration.ofMinutes(2), 10))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("staleThreshold");
    }

    @Test
    void eachSessionClosedAsStaleGetsAnEventAtTheTimeOfTheCleanup() {
        Session stale = session(nas).lastUpdate(now.minus(Duration.ofHours(25))).build();
        Session alive = session(nas).acctSessionId("ALIVE").lastUpdate(now).build();
        save(stale, alive);

        service(StaleSessionPolicy.DEFAULT).cleanup(CleanupStaleSessionsCommand.of(TENANT));

        assertThat(repository.events().all())
                .containsExactly(new SessionEvent(TENANT, stale.id(), now, new SessionEvent.ClosedAsStale()));
    }
}
