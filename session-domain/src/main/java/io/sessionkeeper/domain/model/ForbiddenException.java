package io.sessionkeeper.domain.model;

/** The caller is known but lacks a permission for what it asked. */
public final class ForbiddenException extends DomainException {
    private static final long serialVersionUID = 1L;

    public ForbiddenException(String message) {
        super(message);
    }
}
