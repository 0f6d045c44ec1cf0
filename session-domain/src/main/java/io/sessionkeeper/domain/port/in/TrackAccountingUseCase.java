package io.sessionkeeper.domain.port.in;

/**
 * Records accounting from NAS. A batch is stored as one durable unit: when {@link #track} returns, every event of
 * it is recorded and may be acknowledged to its NAS; when it throws, none may be.
 */
public interface TrackAccountingUseCase {
    AccountingBatchResult track(TrackAccountingCommand command);
}
