package io.sessionkeeper.domain.port.in;

import io.sessionkeeper.domain.model.InvalidValueException;
import io.sessionkeeper.domain.model.Principal;
import io.sessionkeeper.domain.model.SessionCriteria;

/**
 * An export by {@code caller} (its tenant's sessions only) of what {@code criteria} select. {@code format} is the
 * adapter's name for what it writes ({@code csv}, {@code csv-raw}, {@code pdf}), kept in the audit. {@code rowLimit}
 * 0 means none; otherwise an export that would write more rows is refused before it begins.
 */
public record ExportSessionsCommand(Principal caller, SessionCriteria criteria, String format, long rowLimit) {
    public ExportSessionsCommand {
        InvalidValueException.require(caller != null, "caller", "must not be null");
        InvalidValueException.require(criteria != null, "criteria", "must not be null");
        InvalidValueException.require(
                format != null && format.matches("[a-z0-9-]{1,16}"), "format", "must be 1-16 of a-z, 0-9 and -");
        InvalidValueException.require(rowLimit >= 0, "rowLimit", "must not be negative");
    }
}
