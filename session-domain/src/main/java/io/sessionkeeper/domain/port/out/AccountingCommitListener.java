package io.sessionkeeper.domain.port.out;

import io.sessionkeeper.domain.model.Session;
import java.util.List;

/**
 * Told of the sessions each accounting unit changed, right after its commit and before its events are
 * acknowledged: it must return at once (hand the list over; never block, never touch the store).
 */
public interface AccountingCommitListener {
    AccountingCommitListener NONE = sessions -> {};

    void committed(List<Session> sessions);
}
