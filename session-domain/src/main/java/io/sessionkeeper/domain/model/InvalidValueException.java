package io.sessionkeeper.domain.model;

/** A value broke an invariant of the model; {@link #field()} names what was wrong, for a client-facing error. */
public final class InvalidValueException extends DomainException {
    private static final long serialVersionUID = 1L;
    private final String field;

    public InvalidValueException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }

    public static void require(boolean condition, String field, String message) {
        if (!condition) {
            throw new InvalidValueException(field, message);
        }
    }
}
