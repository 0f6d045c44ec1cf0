package io.sessionkeeper.domain.model;

/**
 * A driven port's store could not serve the call now: it cannot be reached, it did not answer in time, or all of
 * its connections for this kind of work were busy. Nothing is wrong with the request; the caller may try it again
 * later (the API answers 503 with Retry-After; the RADIUS side leaves the packets unanswered, so the NAS
 * retransmits). A write cut off while committing may or may not have been kept: the stores' writes are safe to
 * repeat.
 */
public final class StoreUnavailableException extends DomainException {
    private static final long serialVersionUID = 1L;

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
