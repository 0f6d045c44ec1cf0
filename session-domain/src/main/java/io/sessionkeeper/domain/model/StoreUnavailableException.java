package io.sessionkeeper.domain.model;

/**
 * The store could not do the work at all: it is unreachable, out of resources, shutting down, read-only, timed
 * out, or kept failing on contention. Nothing of the unit of work was recorded. Trying again later may succeed;
 * splitting the work into smaller units would not, and would only add load to a store in trouble.
 */
public final class StoreUnavailableException extends DomainException {
    private static final long serialVersionUID = 1L;

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
