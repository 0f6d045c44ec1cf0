package io.sessionkeeper.domain.port.in;

import java.util.Optional;

/**
 * First access to a fresh service. With a configured secret, that secret becomes an all-permission token of
 * tenant {@code default}. Without one, the first start (no token at all) creates such a token and returns it,
 * so that it can be shown once.
 */
public interface BootstrapAccessUseCase {
    /** @param configuredSecret the operator's secret, or null */
    Optional<IssuedToken> bootstrap(String configuredSecret);
}
