package io.sessionkeeper.domain.port.in;

import io.sessionkeeper.domain.model.ApiToken;

/** A new token and its secret; the secret is shown this once and stored only as a hash. */
public record IssuedToken(ApiToken token, String secret) {}
