package io.sessionkeeper.domain.model;

/** Root of the domain's failures. Adapters map each subclass to their own error form in one place. */
public abstract class DomainException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    protected DomainException(String message) {
        super(message);
    }

    protected DomainException(String message, Throwable cause) {
        super(message, cause);
    }
}
