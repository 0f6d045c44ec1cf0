package io.sessionkeeper.domain.model;

/**
 * The store worked but refused the data of a unit of work: a value it cannot hold, a constraint, a limit. Nothing
 * of the unit was recorded, and the same data would be refused again. A caller that grouped independent items into
 * one unit should isolate the refused ones (smaller units) rather than give up on all of them.
 *
 * <p>The message names the kind of refusal (for a SQL store: its SQLSTATE and the constraint), never the data.
 */
public final class StoreRejectedDataException extends DomainException {
    private static final long serialVersionUID = 1L;

    public StoreRejectedDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
