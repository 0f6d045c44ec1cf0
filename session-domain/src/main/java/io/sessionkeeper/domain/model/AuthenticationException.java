package io.sessionkeeper.domain.model;

/** No credentials, or credentials that match no token. */
public final class AuthenticationException extends DomainException {
    private static final long serialVersionUID = 1L;

    public AuthenticationException(String message) {
        super(message);
    }
}
