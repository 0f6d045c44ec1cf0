package io.sessionkeeper.domain.model;

/**
 * The store could not do the work at all: it cannot be reached, it did not answer in time, all of its connections
 * for this kind of work were busy, it is out of resources, shutting down or read-only, or it kept failing on
 * contention. Nothing is wrong with the request and nothing of the unit of work was recorded (a write cut off while
 * committing may or may not have been kept: the stores' writes are safe to repeat). Trying again later may succeed
 * (the API answers 503 with Retry-After; the RADIUS side leaves the packets unanswered, so the NAS retransmits);
 * splitting the work into smaller units would not, and would only add load to a store in trouble.
 */
public final class StoreUnavailableException extends DomainException {
    private static final long serialVersionUID = 1L;

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
