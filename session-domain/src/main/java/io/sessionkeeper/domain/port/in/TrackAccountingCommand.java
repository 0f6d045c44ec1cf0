package io.sessionkeeper.domain.port.in;

import io.sessionkeeper.domain.model.AccountingEvent;
import io.sessionkeeper.domain.model.InvalidValueException;
import java.util.List;

/** Accounting events in the order they arrived; an adapter groups them so that one commit serves many. */
public record TrackAccountingCommand(List<AccountingEvent> events) {
    public TrackAccountingCommand {
        if (events == null) {
            throw new InvalidValueException("events", "must not be null");
        }
        events = List.copyOf(events);
    }

    public static TrackAccountingCommand of(AccountingEvent... events) {
        return new TrackAccountingCommand(List.of(events));
    }
}
