package io.sessionkeeper.domain.port.out;

import io.sessionkeeper.domain.model.DisconnectResult;
import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.model.Session;

/** Reaches the NAS to end or change a live session (RFC 5176 Disconnect-Request / CoA-Request). */
public interface SessionDisconnector {

    /** Asks the NAS to end the session. Blocks until an answer, a time-out after retries, or a failure. */
    DisconnectResult disconnect(Nas nas, Session session);

    /** Asks the NAS to apply a new rate limit (MikroTik "rx/tx" form, e.g. {@code "10M/20M"}) to the session. */
    DisconnectResult changeRateLimit(Nas nas, Session session, String rateLimit);
}
