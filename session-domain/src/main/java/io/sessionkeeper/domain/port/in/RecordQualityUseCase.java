package io.sessionkeeper.domain.port.in;

import java.util.List;

/** Records quality measurements a measuring box pushed. */
public interface RecordQualityUseCase {
    /**
     * What became of a command: {@code recorded} readings were stored; {@code unmatched} lists the indexes of those
     * whose address or User-Name has no open session now (nothing is stored for them); {@code stale} those older
     * than the 5-minute buckets are kept, or more than 5 minutes ahead of the service's clock.
     */
    record Recorded(int recorded, List<Integer> unmatched, List<Integer> stale) {
        public Recorded {
            unmatched = List.copyOf(unmatched);
            stale = List.copyOf(stale);
        }
    }

    /**
     * @throws io.sessionkeeper.domain.model.InvalidValueException when a reading is not a measurement (nothing of the
     *     command is stored then)
     */
    Recorded record(RecordQualityCommand command);
}
