package io.sessionkeeper.domain.port.in;

/**
 * Records accounting from NAS. A batch is stored as one durable unit: when {@link #track} returns, every event of
 * it is recorded and may be acknowledged to its NAS; when it throws, none may be.
 *
 * <p>Why it threw tells the caller what to do with the batch:
 *
 * <ul>
 *   <li>{@link io.sessionkeeper.domain.model.StoreUnavailableException}: the store is out of reach; the same
 *       events will be taken later (a NAS retransmits), smaller batches would fail the same way;
 *   <li>{@link io.sessionkeeper.domain.model.StoreRejectedDataException} or another
 *       {@link io.sessionkeeper.domain.model.DomainException}: some event's data was refused; the other events
 *       are fine on their own, so the caller may track parts of the batch (in their order) to isolate it;
 *   <li>anything else: a failure of unknown kind, handled as an unavailable store.
 * </ul>
 */
public interface TrackAccountingUseCase {
    default AccountingBatchResult track(TrackAccountingCommand command) {
        try (PreparedAccounting batch = prepare(command)) {
            batch.commit();
            return batch.result();
        }
    }

    /**
     * Applies the batch as {@link #track} does, without its final commit, so that the caller can gather and prepare
     * the next batch while this one commits. Accounting-On/Off events, and the session events before the last of
     * them, are committed here already (they are barriers); only the session events after the last one (all of
     * them, in a batch without Accounting-On/Off) wait for {@link PreparedAccounting#commit}. Throws as
     * {@link #track}, and then nothing of the batch is held.
     */
    PreparedAccounting prepare(TrackAccountingCommand command);
}
