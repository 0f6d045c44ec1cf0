package io.sessionkeeper.adapter.http;

import io.javalin.http.Context;
import io.sessionkeeper.domain.model.ExportedSession;
import io.sessionkeeper.domain.model.SessionPeriod;
import io.sessionkeeper.domain.model.StoreUnavailableException;
import io.sessionkeeper.domain.port.in.ExportHeader;
import io.sessionkeeper.domain.port.in.ExportSink;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.UUID;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One export's HTTP response, fed by the export use case: the status and headers once the export begins, the rows as
 * each chunk comes (flushed, so the client sees the first bytes as soon as the first chunk is read), the end.
 *
 * <p>A failure before anything was sent becomes an ordinary error answer (a 503 for a database that went away). After
 * the first bytes the status cannot change and an error body would corrupt the file, so the connection is cut
 * instead: the client sees an incomplete transfer (no last chunk), never a file that looks whole. A client that went
 * away is logged on one line, not as an error of ours.
 */
final class ExportResponse implements ExportSink {
    private static final Logger LOG = LoggerFactory.getLogger(ExportResponse.class);
    /** Room for the first chunk before the servlet stream sees it, so that a failure before it sends nothing. */
    private static final int BUFFER = 64 * 1024;

    private final Context ctx;
    private final ExportFormat format;
    private OutputStream out;
    private ExportWriter writer;
    private long rows;

    ExportResponse(Context ctx, ExportFormat format) {
        this.ctx = ctx;
        this.format = format;
    }

    @Override
    public void begin(ExportHeader header) {
        ctx.status(200);
        ctx.contentType(format.contentType());
        ctx.header("Content-Disposition", "attachment; filename=\"" + fileName(header) + "\"");
        try {
            out = new BufferedOutputStream(ctx.res().getOutputStream(), BUFFER);
            // the writers may flush as they like: only this class decides when bytes go to the client
            OutputStream unflushed = new FilterOutputStream(out) {
                @Override
                public void write(byte[] bytes, int offset, int length) throws IOException {
                    out.write(bytes, offset, length);
                }

                @Override
                public void flush() {}

                @Override
                public void close() {}
            };
            writer = format.pdf()
                    ? new PdfExport(unflushed, header)
                    : new CsvExport(unflushed, header, format.raw(), format.bom());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code sessions-acme-2026-01-01-to-2026-01-31.csv}: the tenant (its id: letters, digits, - and _) and the days. */
    String fileName(ExportHeader header) {
        SessionPeriod period = header.criteria().period();
        String days;
        if (period.isBounded()) {
            days = period.startDate() + "-to-" + period.endDate();
        } else if (period.startDate() != null) {
            days = "from-" + period.startDate();
        } else if (period.endDate() != null) {
            days = "until-" + period.endDate();
        } else {
            days = "all";
        }
        return "sessions-" + header.tenant().id().value() + "-" + days + "." + format.extension();
    }

    @Override
    public void write(List<ExportedSession> chunk) {
        try {
            writer.rows(chunk);
            out.flush();
            rows += chunk.size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** After the last chunk, before the export is recorded complete: what follows the rows, then the last flush. */
    @Override
    public void end() {
        if (writer == null) {
            return;
        }
        try {
            writer.finish();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The export failed: before anything was sent, the failure goes on to the error mapping (the headers of the file are
     * taken back); after, the connection is cut and the failure logged here, once.
     */
    void failed(RuntimeException failure) {
        if (!ctx.res().isCommitted()) {
            ctx.res().reset();
            ctx.header("Cache-Control", "no-store");
            ctx.header("X-Content-Type-Options", "nosniff");
            throw failure;
        }
        if (isClientGone(failure)) {
            LOG.info("export cut short after {} rows: the client went away ({})", rows, rootMessage(failure));
        } else if (failure instanceof StoreUnavailableException) {
            LOG.warn("export cut short after {} rows: {}", rows, failure.getMessage());
        } else {
            LOG.error("export cut short after {} rows: internal error {}", rows, UUID.randomUUID(), failure);
        }
        ServletContextRequest.getServletContextRequest(ctx.req())
                .getServletChannel()
                .abort(failure);
    }

    private static boolean isClientGone(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
