package io.sessionkeeper.domain.model;

/** The request contradicts the current state (a duplicate, or an action on something already ended). */
public final class ConflictException extends DomainException {
    private static final long serialVersionUID = 1L;

    public ConflictException(String message) {
        super(message);
    }
}
