package io.sessionkeeper.domain.service;

import static io.sessionkeeper.domain.testing.Fixtures.OTHER_TENANT;
import static io.sessionkeeper.domain.testing.Fixtures.T0;
import static io.sessionkeeper.domain.testing.Fixtures.TENANT;
import static io.sessionkeeper.domain.testing.Fixtures.session;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessionkeeper.domain.model.ConflictException;
import io.sessionkeeper.domain.model.DisconnectResult;
import io.sessionkeeper.domain.model.InvalidValueException;
import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.model.NotFoundException;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.model.SessionEvent;
import io.sessionkeeper.domain.model.SessionEvent.CoaAnswer;
import io.sessionkeeper.domain.model.SessionEvent.Requester;
import io.sessionkeeper.domain.model.SessionId;
import io.sessionkeeper.domain.model.StoreUnavailableException;
import io.sessionkeeper.domain.model.TerminateCause;
import io.sessionkeeper.domain.model.TokenId;
import io.sessionkeeper.domain.port.in.ChangeRateLimitCommand;
import io.sessionkeeper.domain.port.in.TerminateSessionCommand;
import io.sessionkeeper.domain.port.in.TerminationResult;
import io.sessionkeeper.domain.testing.Fixtures;
import io.sessionkeeper.domain.testing.InMemoryNasDirectory;
import io.sessionkeeper.domain.testing.InMemorySessionRepository;
import io.sessionkeeper.domain.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TerminateSessionServiceTest {
    private final InMemorySessionRepository repository = new InMemorySessionRepository();
    private final InMemoryNasDirectory nasDirectory = new InMemoryNasDirectory();
    private final ScriptedDisconnector disconnector = new ScriptedDisconnector();
    private final MutableClock clock = new MutableClock(T0.plus(Duration.ofHours(2)));
    private final TerminateSessionService service =
            new TerminateSessionService(repository, nasDirectory, disconnector, repository.events(), clock);
    private final Nas nas = Fixtures.nas("Main Router", "192.0.2.1");
    private Session live;

    @BeforeEach
    void setUp() {
        nasDirectory.save(nas);
        live = session(nas).lastUpdate(T0.plus(Duration.ofHours(1))).build();
        repository.writeAtomically(Set.of(), w -> {
            w.saveAll(List.of(live));
            return null;
        });
    }

    private TerminationResult terminate(boolean force) {
        return service.terminate(new TerminateSessionCommand(TENANT, live.id(), force));
    }

    @Test
    void ackClosesTheSessionNowAsAdminTerminate() {
        TerminationResult result = terminate(false);

        assertThat(disconnector.requests).containsExactly("disconnect Main Router 8100001A");
        assertThat(result.closed()).isTrue();
        assertThat(result.disconnect()).isInstanceOf(DisconnectResult.Acked.class);
        assertThat(result.session().stopTime()).isEqualTo(clock.instant());
        assertThat(result.session().terminateCause()).isEqualTo(TerminateCause.ADMIN_TERMINATE);
        assertThat(repository.findById(TENANT, live.id()).orElseThrow().isActive())
                .isFalse();
    }

    @Test
    void nakSessionNotFoundClosesItAsStaleAtLastSeen() {
        disconnector.answer = new DisconnectResult.Nacked(503, 1, 4);

        TerminationResult result = terminate(false);

        assertThat(result.closed()).isTrue();
        assertThat(result.session().stopTime()).isEqualTo(live.lastUpdate());
        assertThat(result.session().terminateCause()).isEqualTo(TerminateCause.STALE_SESSION_CLEANUP);
    }

    @Test
    void otherNakLeavesItOpen() {
        disconnector.answer = new DisconnectResult.Nacked(501, 1, 4);

        TerminationResult result = terminate(false);

        assertThat(result.closed()).isFalse();
        assertThat(((DisconnectResult.Nacked) result.disconnect()).errorCause()).isEqualTo(501);
        assertThat(repository.findById(TENANT, live.id()).orElseThrow().isActive())
                .isTrue();
    }

    @Test
    void timeOutIsNotSuccessAndLeavesItOpen() {
        disconnector.answer = new DisconnectResult.TimedOut(3, 3000);

        TerminationResult result = terminate(false);

        assertThat(result.closed()).isFalse();
        assertThat(result.disconnect().attempts()).isEqualTo(3);
        assertThat(repository.findById(TENANT, live.id()).orElseThrow().isActive())
                .isTrue();
    }

    @Test
    void forceClosesInTheDatabaseOnlyWithoutAskingTheNas() {
        TerminationResult result = terminate(true);

        assertThat(disconnector.requests).isEmpty();
        assertThat(result.closed()).isTrue();
        assertThat(result.disconnectValue()).isEmpty();
        assertThat(result.session().terminateCause()).isEqualTo(TerminateCause.ADMIN_TERMINATE);
    }

    @Test
    void endedSessionIsAConflict() {
        terminate(true);

        assertThatThrownBy(() -> terminate(false)).isInstanceOf(ConflictException.class);
    }

    @Test
    void unknownOrForeignSessionIsNotFound() {
        assertThatThrownBy(() -> service.terminate(new TerminateSessionCommand(TENANT, SessionId.random(), false)))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> service.terminate(new TerminateSessionCommand(OTHER_TENANT, live.id(), false)))
                .isInstanceOf(NotFoundException.class);
        assertThat(disconnector.requests).isEmpty();
    }

    @Test
    void sessionWhoseNasIsGoneCanOnlyBeForced() {
        nasDirectory.delete(TENANT, nas.id());

        assertThatThrownBy(() -> terminate(false))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("force");
        assertThat(terminate(true).closed()).isTrue();
    }

    @Test
    void rateLimitChangeGoesToTheNasOfALiveSession() {
        DisconnectResult result = service.changeRateLimit(new ChangeRateLimitCommand(TENANT, live.id(), "10M/20M"));

        assertThat(result).isInstanceOf(DisconnectResult.Acked.class);
        assertThat(disconnector.requests).containsExactly("coa Main Router 8100001A 10M/20M");
        assertThatThrownBy(() -> new ChangeRateLimitCommand(TENANT, live.id(), "fast please"))
                .isInstanceOf(InvalidValueException.class);
    }

    @Nested
    class Timeline {
        private final Requester token = new Requester(TokenId.random(), "noc desk");

        private List<String> recorded() {
            return repository.events().all().stream()
                    .map(e -> e.session() + " " + e.at() + " " + e.detail())
                    .toList();
        }

        @Test
        void disconnectRecordsTheRequestByItsTokenBeforeSendingAndTheAnswerAfter() {
            disconnector.answer = new DisconnectResult.Nacked(501, 1, 4);
            disconnector.onRequest = () -> {
                assertThat(repository.events().all())
                        .extracting(SessionEvent::detail)
                        .containsExactly(new SessionEvent.DisconnectRequested(token, false));
                clock.advance(Duration.ofMillis(40));
            };
            Instant asked = clock.instant();

            service.terminate(new TerminateSessionCommand(TENANT, live.id(), false, token));

            assertThat(recorded())
                    .containsExactly(
                            live.id() + " " + asked + " " + new SessionEvent.DisconnectRequested(token, false),
                            live.id() + " " + asked.plusMillis(40) + " "
                                    + new SessionEvent.DisconnectAnswered(new CoaAnswer(CoaAnswer.Outcome.NAK, 501)));
        }

        @Test
        void eachAnswerIsRecordedAsItsOutcome() {
            List<DisconnectResult> answers = List.of(
                    new DisconnectResult.Acked(1, 3),
                    new DisconnectResult.TimedOut(3, 3000),
                    new DisconnectResult.Failed("unreachable", 1, 0));
            for (DisconnectResult answer : answers) {
                disconnector.answer = answer;
                service.changeRateLimit(new ChangeRateLimitCommand(TENANT, live.id(), "10M/20M", token));
            }

            assertThat(repository.events().all())
                    .extracting(SessionEvent::detail)
                    .containsExactly(
                            new SessionEvent.SpeedChanged("10M/20M", new CoaAnswer(CoaAnswer.Outcome.ACK, 0), token),
                            new SessionEvent.SpeedChanged(
                                    "10M/20M", new CoaAnswer(CoaAnswer.Outcome.TIMEOUT, 0), token),
                            new SessionEvent.SpeedChanged(
                                    "10M/20M", new CoaAnswer(CoaAnswer.Outcome.FAILED, 0), token));
        }

        @Test
        void speedChangeIsRecordedAtTheTimeTheRequestLeft() {
            disconnector.onRequest = () -> clock.advance(Duration.ofSeconds(2));
            Instant sent = clock.instant();

            service.changeRateLimit(new ChangeRateLimitCommand(TENANT, live.id(), "5M/5M", token));

            assertThat(repository.events().all()).singleElement().satisfies(e -> {
                assertThat(e.at()).isEqualTo(sent);
                assertThat(e.tenant()).isEqualTo(TENANT);
                assertThat(e.session()).isEqualTo(live.id());
            });
        }

        @Test
        void forcedCloseRecordsTheRequestAndNoAnswer() {
            service.terminate(new TerminateSessionCommand(TENANT, live.id(), true, token));

            assertThat(repository.events().all())
                    .extracting(SessionEvent::detail)
                    .containsExactly(new SessionEvent.DisconnectRequested(token, true));
        }

        @Test
        void aRequestThatCannotBeRecordedIsNotSent() {
            repository.events().failWith(new StoreUnavailableException("down", null));

            assertThatThrownBy(() -> service.terminate(new TerminateSessionCommand(TENANT, live.id(), false, token)))
                    .isInstanceOf(StoreUnavailableException.class);
            assertThat(disconnector.requests).isEmpty();
        }

        @Test
        void refusedRequestsRecordNothing() {
            nasDirectory.delete(TENANT, nas.id());

            assertThatThrownBy(() -> service.terminate(new TerminateSessionCommand(TENANT, live.id(), false, token)))
                    .isInstanceOf(ConflictException.class);
            assertThatThrownBy(() -> service.terminate(new TerminateSessionCommand(OTHER_TENANT, live.id(), true)))
                    .isInstanceOf(NotFoundException.class);
            assertThat(repository.events().all()).isEmpty();
        }
    }
}
