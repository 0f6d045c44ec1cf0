package io.sessionkeeper.domain.port.in;

/**
 * A batch of accounting that was applied but is not yet durable ({@link TrackAccountingUseCase#prepare}). Its
 * events may be acknowledged only once {@link #commit} has returned. Exactly one of {@code commit} (then {@code
 * close}) or {@code close} alone ends it; until then the batch's sessions wait for it.
 */
public interface PreparedAccounting extends AutoCloseable {

    /** What the batch did (sessions created, updated, closed, events ignored), once committed. */
    AccountingBatchResult result();

    /**
     * Makes the batch durable.
     *
     * @throws io.sessionkeeper.domain.model.StoreUnavailableException when it could not: acknowledge nothing of it
     */
    void commit();

    /** Ends the batch, discarding it unless committed; never throws. */
    @Override
    void close();

    /** A batch with nothing left to commit (only Accounting-On/Off, or only events that are ignored). */
    static PreparedAccounting done(AccountingBatchResult result) {
        return new PreparedAccounting() {
            @Override
            public AccountingBatchResult result() {
                return result;
            }

            @Override
            public void commit() {}

            @Override
            public void close() {}
        };
    }
}
