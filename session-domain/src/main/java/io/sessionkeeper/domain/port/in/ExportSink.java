package io.sessionkeeper.domain.port.in;

import io.sessionkeeper.domain.model.ExportedSession;
import java.util.List;

/**
 * Where an export's rows go (a CSV or PDF response, a file). Called on the exporting thread: {@link #begin} once,
 * before any row, then {@link #write} for each chunk, in order, then {@link #end} once. An exception from any of them
 * stops the export (the receiver went away, say); the audit then records it as interrupted. The export is recorded
 * as completed only after {@link #end} returned.
 */
public interface ExportSink {
    void begin(ExportHeader header);

    /** One chunk, never empty; the list is not kept by the exporter after the call. */
    void write(List<ExportedSession> chunk);

    /** After the last chunk: what follows the rows (a PDF's totals), written out. */
    default void end() {}
}
