package io.sessionkeeper.adapter.http;

import io.javalin.http.Context;
import io.sessionkeeper.domain.model.InvalidValueException;
import io.sessionkeeper.domain.model.SessionPeriod;
import java.util.Locale;

/**
 * What an export is written as: CSV (optionally with the exact columns, {@code raw}, and a byte order mark for Excel,
 * {@code bom}) or PDF (a report: at most {@value #PDF_MAX_ROWS} rows and {@value #PDF_MAX_DAYS} days, both dates
 * needed).
 */
record ExportFormat(boolean pdf, boolean raw, boolean bom) {
    static final long PDF_MAX_ROWS = 10_000;
    static final int PDF_MAX_DAYS = 366;

    static ExportFormat read(Context ctx) {
        String format = Params.query(ctx, "format");
        boolean pdf =
                switch (format == null ? "csv" : format.toLowerCase(Locale.ROOT)) {
                    case "csv" -> false;
                    case "pdf" -> true;
                    default -> throw new InvalidValueException("format", "must be csv or pdf");
                };
        boolean raw = Params.bool(ctx, "raw", false);
        boolean bom = Params.bool(ctx, "bom", false);
        InvalidValueException.require(!pdf || !raw, "raw", "applies to format=csv only");
        InvalidValueException.require(!pdf || !bom, "bom", "applies to format=csv only");
        return new ExportFormat(pdf, raw, bom);
    }

    /** A PDF is a report of a stated period: both days given, at most a year (and a day) apart. */
    void check(SessionPeriod period) {
        if (!pdf) {
            return;
        }
        InvalidValueException.require(period.startDate() != null, "startDate", "is required for format=pdf");
        InvalidValueException.require(period.endDate() != null, "endDate", "is required for format=pdf");
        InvalidValueException.require(
                period.days() <= PDF_MAX_DAYS,
                "endDate",
                "a PDF covers at most " + PDF_MAX_DAYS + " days; ask for format=csv for a longer period");
    }

    /** The name kept in the export audit. */
    String label() {
        return pdf ? "pdf" : raw ? "csv-raw" : "csv";
    }

    long rowLimit() {
        return pdf ? PDF_MAX_ROWS : 0;
    }

    String extension() {
        return pdf ? "pdf" : "csv";
    }

    String contentType() {
        return pdf ? "application/pdf" : "text/csv; charset=utf-8; header=present";
    }
}
