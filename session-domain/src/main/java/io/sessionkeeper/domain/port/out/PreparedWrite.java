package io.sessionkeeper.domain.port.out;

/**
 * An atomic unit of accounting writes that has run but is not yet durable ({@link SessionRepository#prepare}): its
 * commit is a step of its own, so that a caller can gather and prepare its next unit while this one commits.
 *
 * <p>Until {@link #commit} or {@link #close}, the unit holds the keys it was prepared for: another unit of any of them
 * waits. Exactly one of {@code commit} (then {@code close}) or {@code close} alone ends it; {@code close} after a
 * successful commit does nothing, and without one discards everything the unit wrote.
 *
 * @param <T> what the work returned
 */
public interface PreparedWrite<T> extends AutoCloseable {

    /** What the work returned (known once prepared; true of the store only once {@link #commit} returned). */
    T result();

    /**
     * Makes the unit durable: when this returns, everything the work saved is recorded and may be acknowledged.
     *
     * @throws io.sessionkeeper.domain.model.StoreUnavailableException when the store could not commit: nothing of
     *     the unit may be acknowledged (whether it was recorded is unknown; accounting's merge rules make the NAS's
     *     retransmission safe either way)
     */
    void commit();

    /** Ends the unit, discarding it unless it was committed, and frees what it held; never throws. */
    @Override
    void close();
}
