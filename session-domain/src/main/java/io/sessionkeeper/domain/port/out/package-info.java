/**
 * Driven ports: what the domain needs from the outside world (storage, directories, the NAS).
 *
 * <p>Every storage port ({@code SessionRepository}, the directories, {@code ApiTokenStore}) reports a store that
 * cannot serve now (unreachable, too slow, no free connection) as {@link
 * io.sessionkeeper.domain.model.StoreUnavailableException}, never as another unchecked exception, so that callers can
 * tell "try again later" from a fault.
 */
package io.sessionkeeper.domain.port.out;
