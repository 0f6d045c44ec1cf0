package io.sessionkeeper.domain.testing;

import static io.sessionkeeper.domain.testing.Fixtures.OTHER_TENANT;
import static io.sessionkeeper.domain.testing.Fixtures.T0;
import static io.sessionkeeper.domain.testing.Fixtures.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import io.sessionkeeper.domain.model.IpAddress;
import io.sessionkeeper.domain.model.SessionEvent;
import io.sessionkeeper.domain.model.SessionEvent.CoaAnswer;
import io.sessionkeeper.domain.model.SessionEvent.Requester;
import io.sessionkeeper.domain.model.SessionId;
import io.sessionkeeper.domain.model.TokenId;
import io.sessionkeeper.domain.port.out.SessionEvents;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link SessionEvents} must do. A subclass supplies an empty store per test. */
public abstract class SessionEventsContract {
    private SessionEvents events;
    private final SessionId session = SessionId.random();

    /** An empty store; called before each test. */
    protected abstract SessionEvents createEvents();

    @BeforeEach
    void setUpContract() {
        events = createEvents();
    }

    private SessionEvent at(long seconds, SessionEvent.Detail detail) {
        return new SessionEvent(TENANT, session, T0.plusSeconds(seconds), detail);
    }

    @Test
    void everyKindIsReadBackWithEveryField() {
        Requester named = new Requester(TokenId.random(), "noc desk");
        Requester unnamed = new Requester(TokenId.random(), null);
        List<SessionEvent> all = List.of(
                at(1, new SessionEvent.IpChanged(IpAddress.parse("10.0.0.1"), IpAddress.parse("2001:db8::7"))),
                at(2, new SessionEvent.SpeedChanged("10M/20M", new CoaAnswer(CoaAnswer.Outcome.NAK, 404), named)),
                at(3, new SessionEvent.SpeedChanged("1k", new CoaAnswer(CoaAnswer.Outcome.TIMEOUT, 0), null)),
                at(4, new SessionEvent.DisconnectRequested(unnamed, false)),
                at(5, new SessionEvent.DisconnectRequested(null, true)),
                at(6, new SessionEvent.DisconnectAnswered(new CoaAnswer(CoaAnswer.Outcome.ACK, 0))),
                at(7, new SessionEvent.DisconnectAnswered(new CoaAnswer(CoaAnswer.Outcome.FAILED, 0))),
                at(8, new SessionEvent.NasRebooted()),
                at(9, new SessionEvent.ClosedAsStale()),
                at(10, new SessionEvent.Superseded(SessionId.random())));

        events.append(all);

        assertThat(events.of(TENANT, session, 0, 100)).containsExactlyElementsOf(all);
    }

    @Test
    void eventsComeInTimeOrderAndThoseOfOneInstantInTheOrderAppended() {
        SessionEvent late = at(60, new SessionEvent.ClosedAsStale());
        SessionEvent requested = at(30, new SessionEvent.DisconnectRequested(null, false));
        SessionEvent answered = at(30, new SessionEvent.DisconnectAnswered(new CoaAnswer(CoaAnswer.Outcome.ACK, 0)));
        SessionEvent early = at(10, new SessionEvent.NasRebooted());

        events.append(List.of(late, requested));
        events.append(List.of(answered));
        events.append(List.of(early));

        assertThat(events.of(TENANT, session, 0, 10)).containsExactly(early, requested, answered, late);
    }

    @Test
    void offsetAndLimitSelectAChunk() {
        List<SessionEvent> all = IntStream.range(0, 7)
                .mapToObj(i -> at(i, new SessionEvent.ClosedAsStale()))
                .toList();
        events.append(all);

        assertThat(events.of(TENANT, session, 2, 3)).containsExactlyElementsOf(all.subList(2, 5));
        assertThat(events.of(TENANT, session, 5, 3)).containsExactlyElementsOf(all.subList(5, 7));
        assertThat(events.of(TENANT, session, 7, 3)).isEmpty();
    }

    @Test
    void anotherSessionsOrTenantsEventsAreNotRead() {
        events.append(List.of(
                new SessionEvent(OTHER_TENANT, session, T0, new SessionEvent.ClosedAsStale()),
                new SessionEvent(TENANT, SessionId.random(), T0, new SessionEvent.ClosedAsStale())));

        assertThat(events.of(TENANT, session, 0, 10)).isEmpty();
        assertThat(events.of(OTHER_TENANT, session, 0, 10)).hasSize(1);
    }

    @Test
    void appendingNothingIsNothing() {
        events.append(List.of());

        assertThat(events.of(TENANT, session, 0, 10)).isEmpty();
    }
}
