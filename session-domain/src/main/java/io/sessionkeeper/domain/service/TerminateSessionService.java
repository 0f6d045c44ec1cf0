package io.sessionkeeper.domain.service;

import io.sessionkeeper.domain.model.ConflictException;
import io.sessionkeeper.domain.model.DisconnectResult;
import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.model.NotFoundException;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.model.SessionEvent;
import io.sessionkeeper.domain.model.SessionEvent.CoaAnswer;
import io.sessionkeeper.domain.model.SessionId;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.TerminateCause;
import io.sessionkeeper.domain.port.in.ChangeRateLimitCommand;
import io.sessionkeeper.domain.port.in.ChangeRateLimitUseCase;
import io.sessionkeeper.domain.port.in.TerminateSessionCommand;
import io.sessionkeeper.domain.port.in.TerminateSessionUseCase;
import io.sessionkeeper.domain.port.in.TerminationResult;
import io.sessionkeeper.domain.port.out.NasDirectory;
import io.sessionkeeper.domain.port.out.SessionDisconnector;
import io.sessionkeeper.domain.port.out.SessionEvents;
import io.sessionkeeper.domain.port.out.SessionRepository;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Ends live sessions through their NAS. An ACK closes the session now as Admin-Terminate; a NAK with
 * Session-Context-Not-Found means the NAS no longer has it, so it is closed as stale at its last-seen time; any
 * other NAK, a time-out or a failure leaves it open and reports why. The NAS's own Accounting-Stop that follows
 * an ACK still brings its final counters (a stopped session keeps taking higher counters).
 *
 * <p>The session's timeline records each request as it happens: Disconnect Requested (by which token) before the
 * request leaves, so that a request is never sent unrecorded, then Disconnect Result with the NAS's answer; Speed
 * Changed with the rate sent and the answer.
 */
@Singleton
public final class TerminateSessionService implements TerminateSessionUseCase, ChangeRateLimitUseCase {
    private final SessionRepository sessions;
    private final NasDirectory nasDirectory;
    private final SessionDisconnector disconnector;
    private final SessionEvents events;
    private final Clock clock;

    @Inject
    public TerminateSessionService(
            SessionRepository sessions,
            NasDirectory nasDirectory,
            SessionDisconnector disconnector,
            SessionEvents events,
            Clock clock) {
        this.sessions = sessions;
        this.nasDirectory = nasDirectory;
        this.disconnector = disconnector;
        this.events = events;
        this.clock = clock;
    }

    @Override
    public TerminationResult terminate(TerminateSessionCommand command) {
        Session session = activeSession(command.tenant(), command.id());
        if (command.force()) {
            record(session, Instants.now(clock), new SessionEvent.DisconnectRequested(command.requestedBy(), true));
            return closed(
                    session,
                    sessions.close(command.tenant(), command.id(), Instants.now(clock), TerminateCause.ADMIN_TERMINATE),
                    null);
        }
        Nas nas = nasOf(session);
        record(session, Instants.now(clock), new SessionEvent.DisconnectRequested(command.requestedBy(), false));
        DisconnectResult answer = disconnector.disconnect(nas, session);
        record(session, Instants.now(clock), new SessionEvent.DisconnectAnswered(CoaAnswer.of(answer)));
        if (answer instanceof DisconnectResult.Acked) {
            return closed(
                    session,
                    sessions.close(command.tenant(), command.id(), Instants.now(clock), TerminateCause.ADMIN_TERMINATE),
                    answer);
        }
        if (answer instanceof DisconnectResult.Nacked nak && nak.sessionNotFound()) {
            return closed(
                    session,
                    sessions.close(
                            command.tenant(), command.id(), session.lastUpdate(), TerminateCause.STALE_SESSION_CLEANUP),
                    answer);
        }
        return new TerminationResult(session, false, answer);
    }

    /** Speed Changed at the time the CoA-Request left, with the rate sent and the NAS's answer. */
    @Override
    public DisconnectResult changeRateLimit(ChangeRateLimitCommand command) {
        Session session = activeSession(command.tenant(), command.id());
        Nas nas = nasOf(session);
        Instant sent = Instants.now(clock);
        DisconnectResult answer = disconnector.changeRateLimit(nas, session, command.rateLimit());
        record(
                session,
                sent,
                new SessionEvent.SpeedChanged(command.rateLimit(), CoaAnswer.of(answer), command.requestedBy()));
        return answer;
    }

    private void record(Session session, Instant at, SessionEvent.Detail detail) {
        events.append(List.of(new SessionEvent(session.tenant(), session.id(), at, detail)));
    }

    private Session activeSession(TenantId tenant, SessionId id) {
        Session session = sessions.findById(tenant, id).orElseThrow(() -> new NotFoundException("session", id));
        if (!session.isActive()) {
            throw new ConflictException("session " + id + " already ended at " + session.stopTime());
        }
        return session;
    }

    private Nas nasOf(Session session) {
        return nasDirectory
                .findById(session.tenant(), session.nasId())
                .orElseThrow(() -> new ConflictException(
                        "the NAS of session " + session.id() + " is no longer registered; close it with force"));
    }

    /** A concurrent Stop may have closed it first: then the stored session is what it is. */
    private TerminationResult closed(Session before, Optional<Session> after, DisconnectResult answer) {
        if (after.isPresent()) {
            return new TerminationResult(after.get(), true, answer);
        }
        Session now = sessions.findById(before.tenant(), before.id()).orElse(before);
        return new TerminationResult(now, !now.isActive(), answer);
    }
}
