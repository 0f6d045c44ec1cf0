package io.sessionkeeper.adapter.http;

import com.lowagie.text.Chunk;
import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.Element;
import com.lowagie.text.Font;
import com.lowagie.text.Image;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.Phrase;
import com.lowagie.text.Rectangle;
import com.lowagie.text.pdf.BaseFont;
import com.lowagie.text.pdf.PdfContentByte;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfPageEventHelper;
import com.lowagie.text.pdf.PdfTemplate;
import com.lowagie.text.pdf.PdfWriter;
import io.sessionkeeper.domain.model.ByteFormat;
import io.sessionkeeper.domain.model.DurationFormat;
import io.sessionkeeper.domain.model.ExportedSession;
import io.sessionkeeper.domain.model.SessionCriteria;
import io.sessionkeeper.domain.model.SessionPeriod;
import io.sessionkeeper.domain.model.Tenant;
import io.sessionkeeper.domain.port.in.ExportHeader;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * An export as a PDF report (OpenPDF): A4 landscape; a header with the tenant, the period, the filters and when it was
 * made; the sessions in a table with the CSV's human columns, its heading repeated on every page; the totals
 * (sessions, duration, data in and out); a chart of data in and out per day; "Page n of N" at the foot of each page.
 *
 * <p>Rows are added to the document chunk by chunk (a table left incomplete is laid out and written as pages fill), so
 * the rows do not stay in memory; what grows is a few numbers per page and per day of the period. The PDF route's row
 * limit keeps the file to a few hundred pages.
 */
final class PdfExport implements ExportWriter {
    /** Shipped inside OpenPDF: Latin, Greek and Cyrillic, embedded (a name in another script shows as '?'). */
    private static final String FONT = "font-fallback/LiberationSans-Regular.ttf";

    private static final Color HEADING = new Color(0x1F, 0x3A, 0x5F);
    private static final Color DATA_IN = new Color(0x2E, 0x7D, 0x32);
    private static final Color DATA_OUT = new Color(0xEF, 0x6C, 0x00);
    private static final Color RULE = new Color(0xBB, 0xBB, 0xBB);
    private static final float[] WIDTHS = {14, 16, 11, 11, 8, 8, 8, 14};

    private final Document document;
    private final PdfWriter writer;
    private final BaseFont font;
    private final Font body;
    private final Font small;
    private final Font head;
    private final ExportCells cells;
    private final ExportHeader header;
    private final DailyTotals days;
    private PdfPTable table;
    private long sessions;
    private long seconds;
    private long bytesIn;
    private long bytesOut;

    PdfExport(OutputStream out, ExportHeader header) throws IOException {
        this.header = header;
        this.cells = new ExportCells(header.zone());
        SessionPeriod period = header.criteria().period();
        this.days = new DailyTotals(period.startDate(), period.endDate(), header.zone());
        try {
            this.font = BaseFont.createFont(FONT, BaseFont.IDENTITY_H, BaseFont.EMBEDDED);
            this.body = new Font(font, 8);
            this.small = new Font(font, 7, Font.NORMAL, Color.DARK_GRAY);
            this.head = new Font(font, 8, Font.NORMAL, Color.WHITE);
            // landscape by its size rather than by a /Rotate entry, so that every viewer shows it the same way
            this.document =
                    new Document(new Rectangle(PageSize.A4.getHeight(), PageSize.A4.getWidth()), 28, 28, 28, 36);
            this.writer = PdfWriter.getInstance(document, out);
            writer.setCloseStream(false);
            writer.setPageEvent(new PageNumbers());
            document.addTitle("Session history " + header.tenant().id().value());
            document.addCreator("SessionKeeper");
            document.open();
            writeHeader();
            table = newTable();
        } catch (DocumentException e) {
            throw new IllegalStateException("cannot start the PDF", e);
        }
    }

    private void writeHeader() throws DocumentException {
        Tenant tenant = header.tenant();
        document.add(new Paragraph(
                "Session history · " + printable(tenant.name()) + " ("
                        + tenant.id().value() + ")",
                new Font(font, 15, Font.NORMAL, HEADING)));
        SessionCriteria criteria = header.criteria();
        SessionPeriod period = criteria.period();
        ZoneId zone = header.zone();
        String range = period.startDate() + " to " + period.endDate() + " (" + zone.getId() + "), "
                + (period.overlap() ? "sessions active at any moment of it" : "sessions that started in it");
        document.add(new Paragraph("Period: " + range, body));
        document.add(new Paragraph("Filters: " + filters(criteria), body));
        String generated =
                DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm").withZone(zone).format(header.generatedAt()) + " "
                        + zone.getId() + " ("
                        + SessionJson.time(header.generatedAt()) + ")";
        Paragraph made = new Paragraph("Generated: " + generated, body);
        made.setSpacingAfter(8);
        document.add(made);
    }

    private String filters(SessionCriteria criteria) {
        return "status " + criteria.status().name().toLowerCase(java.util.Locale.ROOT)
                + "; customer " + (criteria.customerId() == null ? "any" : criteria.customerId())
                + "; NAS " + (criteria.nasId() == null ? "any" : criteria.nasId())
                + "; search " + (criteria.search() == null ? "none" : "\"" + printable(criteria.search()) + "\"");
    }

    private PdfPTable newTable() throws DocumentException {
        PdfPTable t = new PdfPTable(WIDTHS.length);
        t.setWidthPercentage(100);
        t.setWidths(WIDTHS);
        t.setHeaderRows(1);
        t.setComplete(false);
        for (String column : ExportCells.COLUMNS) {
            PdfPCell cell = new PdfPCell(new Phrase(column, head));
            cell.setBackgroundColor(HEADING);
            cell.setBorderColor(RULE);
            cell.setPadding(3);
            t.addCell(cell);
        }
        return t;
    }

    @Override
    public void rows(List<ExportedSession> chunk) throws IOException {
        try {
            for (ExportedSession row : chunk) {
                List<String> values = cells.human(row);
                for (int i = 0; i < values.size(); i++) {
                    PdfPCell cell = new PdfPCell(new Phrase(printable(values.get(i)), body));
                    cell.setBorderColor(RULE);
                    cell.setPadding(2.5f);
                    if (i >= 4 && i <= 6) {
                        cell.setHorizontalAlignment(Element.ALIGN_RIGHT);
                    }
                    table.addCell(cell);
                }
                count(row);
            }
            // an incomplete table is laid out and written up to its last full page, then forgets those rows
            document.add(table);
        } catch (DocumentException e) {
            throw new IllegalStateException("cannot write the PDF", e);
        }
    }

    private void count(ExportedSession row) {
        long in = row.session().usage().downloadOctets();
        long out = row.session().usage().uploadOctets();
        sessions++;
        seconds += row.durationSeconds();
        bytesIn += in;
        bytesOut += out;
        days.add(row.session().startTime(), in, out);
    }

    @Override
    public void finish() throws IOException {
        try {
            table.setComplete(true);
            document.add(table);
            writeTotals();
            writeChart();
            document.close();
        } catch (DocumentException e) {
            throw new IllegalStateException("cannot finish the PDF", e);
        }
    }

    private void writeTotals() throws DocumentException {
        PdfPTable totals = new PdfPTable(4);
        totals.setWidthPercentage(60);
        totals.setHorizontalAlignment(Element.ALIGN_LEFT);
        totals.setSpacingBefore(10);
        for (String label : List.of("Sessions", "Duration", "Data In", "Data Out")) {
            PdfPCell cell = new PdfPCell(new Phrase("Total " + label.toLowerCase(java.util.Locale.ROOT), head));
            cell.setBackgroundColor(HEADING);
            cell.setPadding(3);
            totals.addCell(cell);
        }
        for (String value : List.of(
                Long.toString(sessions),
                DurationFormat.brief(seconds),
                ByteFormat.human(bytesIn),
                ByteFormat.human(bytesOut))) {
            PdfPCell cell = new PdfPCell(new Phrase(value, body));
            cell.setPadding(3);
            cell.setBorderColor(RULE);
            totals.addCell(cell);
        }
        document.add(totals);
    }

    /** Data in and out per day of the period, as bars; sessions count on the day they started. */
    private void writeChart() throws DocumentException {
        float width = document.right() - document.left();
        float height = 170;
        PdfTemplate chart = writer.getDirectContent().createTemplate(width, height);
        float left = 48;
        float bottom = 22;
        float top = height - 18;
        float plotWidth = width - left - 8;
        float plotHeight = top - bottom;
        long max = Math.max(1, days.max());

        chart.setColorStroke(RULE);
        chart.setLineWidth(0.5f);
        for (int i = 0; i <= 4; i++) {
            float y = bottom + plotHeight * i / 4;
            chart.moveTo(left, y);
            chart.lineTo(left + plotWidth, y);
        }
        chart.stroke();
        int count = days.count();
        float slot = plotWidth / count;
        float bar = Math.max(0.4f, slot * 0.4f);
        for (int d = 0; d < count; d++) {
            float x = left + slot * d + slot * 0.1f;
            float in = plotHeight * days.in(d) / max;
            float out = plotHeight * days.out(d) / max;
            chart.setColorFill(DATA_IN);
            chart.rectangle(x, bottom, bar, in);
            chart.fill();
            chart.setColorFill(DATA_OUT);
            chart.rectangle(x + bar, bottom, bar, out);
            chart.fill();
        }
        chart.beginText();
        chart.setFontAndSize(font, 7);
        chart.setColorFill(Color.DARK_GRAY);
        for (int i = 0; i <= 4; i++) {
            chart.showTextAligned(
                    PdfContentByte.ALIGN_RIGHT,
                    ByteFormat.human(max / 4 * i),
                    left - 4,
                    bottom + plotHeight * i / 4 - 2,
                    0);
        }
        int step = Math.max(1, (int) Math.ceil(count / 16.0));
        for (int d = 0; d < count; d += step) {
            chart.showTextAligned(
                    PdfContentByte.ALIGN_CENTER,
                    days.day(d).toString().substring(5),
                    left + slot * d + slot / 2,
                    bottom - 10,
                    0);
        }
        chart.setFontAndSize(font, 8);
        chart.setColorFill(HEADING);
        chart.showTextAligned(
                PdfContentByte.ALIGN_LEFT, "Data per day (" + header.zone().getId() + ")", left, top + 6, 0);
        chart.setColorFill(Color.DARK_GRAY);
        chart.showTextAligned(PdfContentByte.ALIGN_LEFT, "Data In", left + 222, top + 6, 0);
        chart.showTextAligned(PdfContentByte.ALIGN_LEFT, "Data Out", left + 292, top + 6, 0);
        chart.endText();
        chart.setColorFill(DATA_IN);
        chart.rectangle(left + 212, top + 6, 7, 7);
        chart.fill();
        chart.setColorFill(DATA_OUT);
        chart.rectangle(left + 282, top + 6, 7, 7);
        chart.fill();

        Image image = Image.getInstance(chart);
        image.setSpacingBefore(12);
        Paragraph holder = new Paragraph();
        holder.add(new Chunk(image, 0, 0, true));
        holder.setKeepTogether(true);
        document.add(holder);
    }

    /** Characters the font cannot draw become '?', so that the text of the PDF never silently loses one. */
    private String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (font.charExists(cp) || Character.isWhitespace(cp)) {
                out.appendCodePoint(cp);
            } else {
                out.append('?');
            }
        });
        return out.toString();
    }

    /** "Page n of N" in each page's foot; N is written into a shared template once the document closes. */
    private final class PageNumbers extends PdfPageEventHelper {
        private PdfTemplate total;

        @Override
        public void onOpenDocument(PdfWriter w, Document d) {
            total = w.getDirectContent().createTemplate(40, 12);
        }

        @Override
        public void onEndPage(PdfWriter w, Document d) {
            PdfContentByte canvas = w.getDirectContent();
            String text = "Page " + w.getPageNumber() + " of ";
            float x = d.right() - 60;
            float y = d.bottom() - 20;
            canvas.beginText();
            canvas.setFontAndSize(font, 8);
            canvas.setColorFill(Color.DARK_GRAY);
            canvas.setTextMatrix(x, y);
            canvas.showText(text);
            canvas.endText();
            canvas.addTemplate(total, x + font.getWidthPoint(text, 8), y);
            canvas.beginText();
            canvas.setFontAndSize(font, 8);
            canvas.setTextMatrix(d.left(), y);
            canvas.showText("SessionKeeper · " + header.tenant().id().value());
            canvas.endText();
        }

        @Override
        public void onCloseDocument(PdfWriter w, Document d) {
            total.beginText();
            total.setFontAndSize(font, 8);
            total.setColorFill(Color.DARK_GRAY);
            total.setTextMatrix(0, 0);
            total.showText(Integer.toString(w.getPageNumber() - 1));
            total.endText();
        }
    }

    /**
     * Data in and out per day of a period of at most {@value ExportFormat#PDF_MAX_DAYS} days; a session that started
     * before the period (an overlap export) counts on its first day.
     */
    static final class DailyTotals {
        private final LocalDate first;
        private final ZoneId zone;
        private final long[] in;
        private final long[] out;

        DailyTotals(LocalDate first, LocalDate last, ZoneId zone) {
            this.first = first;
            this.zone = zone;
            int count = (int) (last.toEpochDay() - first.toEpochDay() + 1);
            this.in = new long[count];
            this.out = new long[count];
        }

        void add(java.time.Instant start, long bytesIn, long bytesOut) {
            long index = start.atZone(zone).toLocalDate().toEpochDay() - first.toEpochDay();
            int day = (int) Math.max(0, Math.min(in.length - 1, index));
            in[day] += bytesIn;
            out[day] += bytesOut;
        }

        int count() {
            return in.length;
        }

        long in(int day) {
            return in[day];
        }

        long out(int day) {
            return out[day];
        }

        LocalDate day(int index) {
            return first.plusDays(index);
        }

        long max() {
            long max = 0;
            for (int i = 0; i < in.length; i++) {
                max = Math.max(max, Math.max(in[i], out[i]));
            }
            return max;
        }
    }
}
