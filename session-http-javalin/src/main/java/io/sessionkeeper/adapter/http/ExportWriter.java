package io.sessionkeeper.adapter.http;

import io.sessionkeeper.domain.model.ExportedSession;
import java.io.IOException;
import java.util.List;

/** Writes one export's rows as they come, and its end; never holds more than the chunk it is given. */
interface ExportWriter {
    void rows(List<ExportedSession> chunk) throws IOException;

    /** Writes what follows the last row (a PDF's totals and chart) and flushes; nothing may be written after. */
    void finish() throws IOException;
}
