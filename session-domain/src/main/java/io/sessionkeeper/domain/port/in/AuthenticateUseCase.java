package io.sessionkeeper.domain.port.in;

import io.sessionkeeper.domain.model.Principal;

/** Turns a bearer secret into the caller it belongs to. */
public interface AuthenticateUseCase {
    /** @throws io.sessionkeeper.domain.model.AuthenticationException when the secret matches no token */
    Principal authenticate(String secret);
}
