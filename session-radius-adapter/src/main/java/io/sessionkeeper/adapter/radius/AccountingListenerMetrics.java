package io.sessionkeeper.adapter.radius;

/**
 * What the accounting listener reports as it works. Called on its receiver, writer and committer threads:
 * implementations must be thread-safe and cheap (the application's is Micrometer's; tests keep counters in memory).
 */
public interface AccountingListenerMetrics {

    /** A datagram arrived on the accounting port. */
    void received();

    /** A datagram was not (or will never be) answered. */
    void dropped(DropReason reason);

    /** Known attributes of an accepted packet were ignored because their value length was invalid. */
    void invalidAttributes(int count);

    /**
     * Text attributes of an accepted packet were cleaned for storage and display (invalid UTF-8 or control
     * characters replaced).
     */
    void cleanedAttributes(int count);

    /**
     * An Accounting-Response was sent after its batch committed, {@code nanos} after the receiver accepted the request:
     * the wait a NAS sees, less the network and the socket's queue (a NAS retransmits after its own time-out, often
     * 3 s).
     */
    void answered(long nanos);

    /** A retransmission of an answered packet got the cached Accounting-Response without being processed. */
    void answeredFromCache();

    /** A batch of {@code size} events was committed in {@code nanos}. */
    void committed(int size, long nanos);

    /** A batch of {@code size} events failed after {@code nanos}; none of it was answered. */
    void commitFailed(int size, long nanos);

    /** Metrics that go nowhere. */
    static AccountingListenerMetrics none() {
        return new AccountingListenerMetrics() {
            @Override
            public void received() {}

            @Override
            public void dropped(DropReason reason) {}

            @Override
            public void invalidAttributes(int count) {}

            @Override
            public void cleanedAttributes(int count) {}

            @Override
            public void answered(long nanos) {}

            @Override
            public void answeredFromCache() {}

            @Override
            public void committed(int size, long nanos) {}

            @Override
            public void commitFailed(int size, long nanos) {}
        };
    }
}
