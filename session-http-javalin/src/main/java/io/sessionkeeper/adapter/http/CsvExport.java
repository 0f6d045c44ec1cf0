package io.sessionkeeper.adapter.http;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.sessionkeeper.domain.model.ExportedSession;
import io.sessionkeeper.domain.port.in.ExportHeader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An export as CSV (RFC 4180: CRLF line ends, fields with a comma, quote or line break quoted, quotes doubled), UTF-8,
 * optionally after a byte order mark so that Excel reads it as UTF-8. Writing is jackson-dataformat-csv's; this class
 * only chooses the cells.
 *
 * <p><b>Formulas</b>: a spreadsheet runs a cell that begins with {@code = + - @}, a tab or a carriage return as a
 * formula ({@code =HYPERLINK(…)} in a User-Name becomes a live link). Such a cell is written with a {@code '}
 * before it, which spreadsheets show as text; so is a cell that itself begins with {@code '}, so that reading one
 * {@code '} off any cell that begins with one gives back the exact value.
 */
final class CsvExport implements ExportWriter {
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final CsvMapper MAPPER = new CsvMapper();

    private final Writer text;
    private final SequenceWriter csv;
    private final ExportCells cells;
    private final boolean raw;

    CsvExport(OutputStream out, ExportHeader header, boolean raw, boolean bom) throws IOException {
        if (bom) {
            out.write(BOM);
        }
        this.text = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        this.cells = new ExportCells(header.zone());
        this.raw = raw;
        CsvSchema schema = CsvSchema.emptySchema().withLineSeparator("\r\n").withoutComments();
        // Jackson's default, conservative quoting: it also quotes some fields that need no quotes (one with a space),
        // which RFC 4180 allows. Its minimal quoting (STRICT_CHECK_FOR_QUOTING) leaves a bare line feed unquoted when
        // lines end in CRLF (it checks the separator's first character only): a User-Name with a line feed would
        // break the row (found by ExportApiTest's round trip).
        this.csv = MAPPER.writer(schema).writeValues(text);
        List<String> columns = new ArrayList<>(ExportCells.COLUMNS);
        if (raw) {
            columns.addAll(ExportCells.RAW_COLUMNS);
        }
        csv.write(columns);
    }

    @Override
    public void rows(List<ExportedSession> chunk) throws IOException {
        List<String> row = new ArrayList<>(ExportCells.COLUMNS.size() + ExportCells.RAW_COLUMNS.size());
        for (ExportedSession session : chunk) {
            row.clear();
            for (String cell : cells.human(session)) {
                row.add(neutralised(cell));
            }
            if (raw) {
                for (String cell : ExportCells.raw(session)) {
                    row.add(neutralised(cell));
                }
            }
            csv.write(row);
        }
        csv.flush();
    }

    @Override
    public void finish() throws IOException {
        csv.flush();
        text.flush();
    }

    /** The cell, with a {@code '} before it when a spreadsheet would take it for a formula (see the class). */
    static String neutralised(String cell) {
        if (cell.isEmpty()) {
            return cell;
        }
        return switch (cell.charAt(0)) {
            case '=', '+', '-', '@', '\t', '\r', '\'' -> "'" + cell;
            default -> cell;
        };
    }
}
