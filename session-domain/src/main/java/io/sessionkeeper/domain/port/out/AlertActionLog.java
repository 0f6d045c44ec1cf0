package io.sessionkeeper.domain.port.out;

import io.sessionkeeper.domain.model.Alert;
import io.sessionkeeper.domain.model.AlertId;
import io.sessionkeeper.domain.model.SessionId;
import io.sessionkeeper.domain.model.TenantId;

/**
 * Where the actions alerts take on sessions are written down: the alert itself (its auto-disconnect result, skipped
 * ones included). The session's timeline gets a disconnect that was sent from the termination use case it goes
 * through (Disconnect Requested, Disconnect Result), as for the API's.
 */
public interface AlertActionLog {
    /** What the auto-disconnect of {@code alert} for {@code session} did. */
    void record(TenantId tenant, AlertId alert, SessionId session, Alert.AutoDisconnect outcome);
}
