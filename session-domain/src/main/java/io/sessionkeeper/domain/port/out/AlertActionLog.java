package io.sessionkeeper.domain.port.out;

import io.sessionkeeper.domain.model.Alert;
import io.sessionkeeper.domain.model.AlertId;
import io.sessionkeeper.domain.model.SessionId;
import io.sessionkeeper.domain.model.TenantId;

/**
 * Where the actions alerts take on sessions are written down: today the alert itself (its auto-disconnect result);
 * the session's timeline is meant to show them too (issue 13), through this same port.
 */
public interface AlertActionLog {
    /** What the auto-disconnect of {@code alert} for {@code session} did. */
    void record(TenantId tenant, AlertId alert, SessionId session, Alert.AutoDisconnect outcome);
}
