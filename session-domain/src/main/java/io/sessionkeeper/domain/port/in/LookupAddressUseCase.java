package io.sessionkeeper.domain.port.in;

import io.sessionkeeper.domain.model.IpAddress;
import io.sessionkeeper.domain.model.Principal;
import io.sessionkeeper.domain.model.SessionView;
import java.time.Instant;
import java.util.List;

/** "Who had this address at that instant?" ({@code GET /api/sessions/by-ip}), audited. */
public interface LookupAddressUseCase {
    /**
     * The sessions of the caller's tenant that held {@code address} at {@code at} (null: now). Needs {@link
     * io.sessionkeeper.domain.model.Permission#SESSIONS_LOOKUP}; every call is recorded.
     */
    Answer lookup(Principal caller, IpAddress address, Instant at);

    /** The question as answered, and the sessions that held the address then (latest start first). */
    record Answer(IpAddress address, Instant at, List<Holder> holders, boolean truncated) {
        public Answer {
            holders = List.copyOf(holders);
        }
    }

    /**
     * A session (as listed: with its NAS and the customer registered under its User-Name, each null when not known)
     * that held the address over {@code [heldFrom, heldUntil)} ({@code heldUntil} null: it still does).
     */
    record Holder(SessionView view, Instant heldFrom, Instant heldUntil) {}
}
