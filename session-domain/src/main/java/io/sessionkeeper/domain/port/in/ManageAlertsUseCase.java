package io.sessionkeeper.domain.port.in;

import io.sessionkeeper.domain.model.Alert;
import io.sessionkeeper.domain.model.AlertId;
import io.sessionkeeper.domain.model.Principal;

/** The tenant's alerts: list them, acknowledge one. */
public interface ManageAlertsUseCase {
    AlertPage list(ListAlertsQuery query);

    /** @throws io.sessionkeeper.domain.model.NotFoundException when the caller's tenant has no such alert */
    Alert acknowledge(Principal caller, AlertId id);
}
