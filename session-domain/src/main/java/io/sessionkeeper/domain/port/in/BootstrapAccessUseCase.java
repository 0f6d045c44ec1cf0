package io.sessionkeeper.domain.port.in;

import java.util.Optional;

/**
 * Access for the operator, at every start. A configured secret is an all-permission token of tenant {@code default}
 * for as long as it is configured: stored (as a hash) when new, and the token of a previously configured secret is
 * revoked, so that changing the secret rotates the token and removing it revokes the token (docs/adr/0025). Without
 * one, a start that finds no token at all creates an all-permission token and returns it, so that it can be shown
 * once.
 */
public interface BootstrapAccessUseCase {
    /**
     * @param configuredSecret the operator's secret, or null when none is configured (then the token of one
     *     configured before is revoked)
     */
    Optional<IssuedToken> bootstrap(String configuredSecret);
}
