package io.sessionkeeper.domain.model;

/** The thing asked for does not exist for the asking tenant (the same answer whether it exists elsewhere or not). */
public final class NotFoundException extends DomainException {
    private static final long serialVersionUID = 1L;

    public NotFoundException(String what, Object id) {
        super(what + " " + id + " not found");
    }
}
