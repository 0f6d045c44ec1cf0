package io.sessionkeeper.domain.model;

import static io.sessionkeeper.domain.testing.Fixtures.T0;
import static io.sessionkeeper.domain.testing.Fixtures.nas;
import static io.sessionkeeper.domain.testing.Fixtures.session;
import static org.assertj.core.api.Assertions.assertThat;

import io.sessionkeeper.domain.testing.Fixtures;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link Session#onlyProgressedFrom}: what lets the store write an interim as its progress alone. */
class SessionProgressTest {
    private final Nas nas = nas("bng-1", "10.0.0.1");
    private final Session stored = session(nas)
            .framedIp("100.64.0.7")
            .mac("aa:bb:cc:00:00:01")
            .start(T0)
            .lastUpdate(T0.plusSeconds(300))
            .usage(1_000, 500)
            .sessionTime(300)
            .build();

    private Fixtures.SessionBuilder sameSession() {
        return session(nas)
                .id(stored.id())
                .framedIp("100.64.0.7")
                .mac("aa:bb:cc:00:00:01")
                .start(T0);
    }

    private Session interim(Session from, long seconds, long download, long upload) {
        return from.mergedWith(sameSession()
                .unsettledStart(T0)
                .lastUpdate(T0.plusSeconds(seconds))
                .usage(download, upload)
                .sessionTime(seconds)
                .build());
    }

    @Test
    void anInterimThatBringsCountersAndTimeOnlyIsProgress() {
        Session merged = interim(stored, 600, 9_000, 4_000);

        assertThat(merged.onlyProgressedFrom(stored)).isTrue();
        assertThat(stored.onlyProgressedFrom(stored))
                .as("nothing changed at all")
                .isTrue();
    }

    @Test
    void withProgressChangesTheThreeValuesAnInterimBringsAndNothingElse() {
        Session merged = interim(stored, 600, 9_000, 4_000);

        Session progressed = stored.withProgress(merged.lastUpdate(), merged.usage(), merged.sessionTimeSeconds());

        assertThat(progressed).isEqualTo(merged);
        assertThat(progressed.lastUpdate()).isEqualTo(T0.plusSeconds(600));
        assertThat(progressed.sessionTimeSeconds()).isEqualTo(600);
        assertThat(progressed.usage().downloadOctets()).isEqualTo(9_000);
        assertThat(stored.withProgress(stored.lastUpdate(), stored.usage(), stored.sessionTimeSeconds()))
                .isEqualTo(stored);
    }

    @Test
    void anythingElseThatChangesIsNot() {
        Session newIp = stored.mergedWith(sameSession()
                .framedIp("100.64.0.8")
                .unsettledStart(T0)
                .lastUpdate(T0.plusSeconds(600))
                .build());
        Session learntInterval = stored.mergedWith(sameSession()
                .unsettledStart(T0)
                .lastUpdate(T0.plusSeconds(600))
                .interimInterval(Duration.ofMinutes(5))
                .build());
        Session stopped = stored.closed(T0.plusSeconds(600), TerminateCause.STALE_SESSION_CLEANUP);
        Session unsettled = session(nas)
                .id(stored.id())
                .unsettledStart(T0)
                .lastUpdate(T0.plusSeconds(300))
                .build();
        Session startMoved = unsettled.mergedWith(session(nas)
                .id(stored.id())
                .unsettledStart(T0.minus(Session.START_TOLERANCE).minusSeconds(1))
                .lastUpdate(T0.plusSeconds(600))
                .build());
        Session settled = unsettled.mergedWith(session(nas)
                .id(stored.id())
                .start(T0)
                .lastUpdate(T0.plusSeconds(600))
                .build());

        assertThat(newIp.onlyProgressedFrom(stored)).as("a new IP").isFalse();
        assertThat(learntInterval.onlyProgressedFrom(stored))
                .as("an interval learnt")
                .isFalse();
        assertThat(stopped.onlyProgressedFrom(stored)).as("stopped").isFalse();
        assertThat(startMoved.onlyProgressedFrom(unsettled))
                .as("the start moved")
                .isFalse();
        assertThat(settled.onlyProgressedFrom(unsettled))
                .as("the start settled")
                .isFalse();
        assertThat(interim(stored, 600, 9_000, 4_000).onlyProgressedFrom(null))
                .as("never read")
                .isFalse();
        assertThat(session(nas).lastUpdate(T0.plusSeconds(600)).build().onlyProgressedFrom(stored))
                .as("another session")
                .isFalse();
    }
}
