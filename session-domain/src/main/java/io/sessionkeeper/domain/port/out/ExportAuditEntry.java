package io.sessionkeeper.domain.port.out;

import io.sessionkeeper.domain.model.InvalidValueException;
import java.time.Instant;

/** A stored export record: what started it, and, once it ended, when, with how many rows and how. */
public record ExportAuditEntry(long id, ExportAuditRecord record, Instant finishedAt, long rows, Outcome outcome) {
    public enum Outcome {
        /** Started and not ended (yet, or never: the process stopped under it). */
        RUNNING,
        /** Every selected row was written. */
        COMPLETED,
        /** The receiver stopped taking rows (the client went away). */
        INTERRUPTED,
        /** Reading failed (the database was unavailable, say). */
        FAILED
    }

    public ExportAuditEntry {
        InvalidValueException.require(record != null, "record", "must not be null");
        InvalidValueException.require(outcome != null, "outcome", "must not be null");
        InvalidValueException.require(rows >= 0, "rows", "must not be negative");
    }
}
