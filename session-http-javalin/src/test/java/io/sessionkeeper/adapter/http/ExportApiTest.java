package io.sessionkeeper.adapter.http;

import static io.sessionkeeper.adapter.http.ApiHarness.ACME;
import static io.sessionkeeper.adapter.http.ApiHarness.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.sessionkeeper.domain.model.ByteFormat;
import io.sessionkeeper.domain.model.ExportedSession;
import io.sessionkeeper.domain.model.IpAddress;
import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.model.Permission;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.model.StoreUnavailableException;
import io.sessionkeeper.domain.model.Tenant;
import io.sessionkeeper.domain.port.in.ExportHeader;
import io.sessionkeeper.domain.port.in.ExportSessionsUseCase;
import io.sessionkeeper.domain.port.in.ExportSink;
import io.sessionkeeper.domain.port.out.ExportAuditEntry;
import io.sessionkeeper.domain.port.out.ExportAuditEntry.Outcome;
import io.sessionkeeper.domain.service.SessionExportService;
import io.sessionkeeper.domain.testing.Fixtures;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * GET /api/sessions/export over real HTTP, the real export service and either store. The CSV is read back with
 * Apache Commons CSV and the PDF with Apache PDFBox, libraries other than the ones that wrote them.
 */
class ExportApiTest {
    private static final long GB = 1024L * 1024 * 1024;
    /** Names that break hand-written CSV and spreadsheets: separators, quotes, line breaks, scripts, formulas. */
    private static final List<String> HOSTILE_NAMES = List.of(
            "smith, john",
            "say \"hi\"",
            "two\nlines",
            "carriage\r\nreturn",
            "josé.müller",
            "дмитрий",
            "李雷",
            "=HYPERLINK(\"http://evil.example\",\"pay here\")",
            "+254700000000",
            "-2+3",
            "@SUM(A1:A9)",
            "\tTAB",
            "'quoted",
            "plain");

    private ApiHarness h;
    private String exporter;
    private Nas main;
    private Nas branch;

    @BeforeEach
    void start() {
        open(ApiHarness.Options.defaults());
    }

    /** A harness with acme (zone Africa/Nairobi), an export token and two NAS. */
    private void open(ApiHarness.Options options) {
        h = new ApiHarness(options);
        h.tenants.createIfAbsent(new Tenant(ACME, "Acme ISP", ZoneId.of("Africa/Nairobi")));
        exporter = h.token(ACME, Permission.SESSIONS_EXPORT, Permission.DASHBOARD_ACTIVE_SESSIONS);
        main = h.nas(ACME, "Main Router", "192.168.1.1");
        branch = h.nas(ACME, "Branch, \"North\"", "192.168.1.2");
    }

    /** Plain sessions user0… started a minute apart before NOW; every one whose index is in {@code stopped} ends. */
    private void plain(int count, int... stopped) {
        for (int i = 0; i < count; i++) {
            h.started(main, "user" + i, "U" + i, NOW.minusSeconds(60L * (i + 1)));
        }
        for (int i : stopped) {
            h.track(Fixtures.stop(main, "user" + i, "U" + i, NOW.minusSeconds(60L * i + 30), 30));
        }
    }

    @AfterEach
    void stop() {
        h.close();
    }

    /**
     * {@code count} sessions over the days before {@link ApiHarness#NOW}, on two NAS, every third one stopped, with
     * the hostile names among them; tracked in batches as the RADIUS writers would.
     */
    private void seed(int count) {
        List<io.sessionkeeper.domain.model.AccountingEvent.Builder> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Nas nas = i % 5 == 0 ? branch : main;
            String user = i < HOSTILE_NAMES.size() ? HOSTILE_NAMES.get(i) : "user" + i;
            Instant at = NOW.minus(Duration.ofMinutes(37L * i + 1));
            batch.add(Fixtures.start(nas, user, "S" + i, at)
                    .framedIp(IpAddress.parse("10.5." + (i / 250) + "." + (i % 250 + 1)))
                    .callingStationId(String.format("00-11-22-33-%02x-%02x", i / 256, i % 256)));
            if (i % 3 == 0) {
                batch.add(Fixtures.stop(nas, user, "S" + i, at.plusSeconds(600 + i), 600 + i)
                        .outputOctets(i * 1_000_003L, i / 7)
                        .inputOctets(i * 333_331L, 0));
            }
            if (batch.size() >= 200) {
                h.track(batch.toArray(io.sessionkeeper.domain.model.AccountingEvent.Builder[]::new));
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            h.track(batch.toArray(io.sessionkeeper.domain.model.AccountingEvent.Builder[]::new));
        }
    }

    private ApiHarness.Response export(String query) {
        return h.get("/api/sessions/export" + query, exporter);
    }

    private static List<CSVRecord> parse(String csv) throws IOException {
        return CSVFormat.RFC4180
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .get()
                .parse(new StringReader(csv))
                .getRecords();
    }

    /** What the CSV neutralised: one leading ' off a cell that begins with one. */
    private static String cell(CSVRecord record, String column) {
        String value = record.get(column);
        return value.startsWith("'") ? value.substring(1) : value;
    }

    /** Every session of the listing with these criteria, page by page. */
    private List<JsonNode> listing(String criteria) {
        List<JsonNode> all = new ArrayList<>();
        for (int page = 1; ; page++) {
            JsonNode body = h.get("/api/sessions?pageSize=100&page=" + page + criteria, exporter)
                    .json();
            body.get("sessions").forEach(all::add);
            if (all.size() >= body.get("total").asLong()) {
                return all;
            }
        }
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? "" : node.asText();
    }

    @Nested
    class Csv {
        @Test
        void theCsvParsedBackEqualsTheListingRowForRowHostileNamesIncluded() throws IOException {
            seed(SessionExportService.FIRST_CHUNK + 123);
            h.nasDirectory.delete(ACME, branch.id()); // its sessions keep its id, and lose its name
            String criteria = "&timeZone=America/Lima";

            var response = export("?raw=true" + criteria);

            assertThat(response.status()).isEqualTo(200);
            List<CSVRecord> rows = parse(response.body());
            List<JsonNode> listed = listing(criteria);
            assertThat(rows).hasSize(listed.size()).hasSize(SessionExportService.FIRST_CHUNK + 123);
            DateTimeFormatter lima =
                    DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm").withZone(ZoneId.of("America/Lima"));
            for (int i = 0; i < rows.size(); i++) {
                CSVRecord row = rows.get(i);
                JsonNode s = listed.get(i);
                String stop = text(s.get("stopTime"));
                assertThat(cell(row, "ID")).isEqualTo(s.get("id").asText());
                assertThat(cell(row, "Session ID")).isEqualTo(s.get("sessionId").asText());
                assertThat(cell(row, "Username")).isEqualTo(s.get("username").asText());
                assertThat(cell(row, "Start Time"))
                        .isEqualTo(lima.format(Instant.parse(s.get("startTime").asText())));
                assertThat(cell(row, "Stop Time")).isEqualTo(stop.isEmpty() ? "" : lima.format(Instant.parse(stop)));
                assertThat(cell(row, "Duration")).isEqualTo(s.get("duration").asText());
                assertThat(cell(row, "Data In"))
                        .isEqualTo(ByteFormat.human(s.get("bytesIn").asLong()));
                assertThat(cell(row, "Data Out"))
                        .isEqualTo(ByteFormat.human(s.get("bytesOut").asLong()));
                assertThat(cell(row, "Router")).isEqualTo(text(s.get("nas").get("name")));
                assertThat(cell(row, "NAS ID")).isEqualTo(s.get("nas").get("id").asText());
                assertThat(cell(row, "Start Time (UTC)"))
                        .isEqualTo(s.get("startTime").asText());
                assertThat(cell(row, "Stop Time (UTC)")).isEqualTo(stop);
                assertThat(cell(row, "Duration (s)"))
                        .isEqualTo(s.get("durationSeconds").asText());
                assertThat(cell(row, "Bytes In")).isEqualTo(s.get("bytesIn").asText());
                assertThat(cell(row, "Bytes Out")).isEqualTo(s.get("bytesOut").asText());
                assertThat(cell(row, "Framed IP")).isEqualTo(text(s.get("framedIp")));
                assertThat(cell(row, "MAC Address")).isEqualTo(text(s.get("macAddress")));
                assertThat(cell(row, "Terminate Cause")).isEqualTo(text(s.get("terminateCause")));
            }
            assertThat(rows.stream().map(r -> cell(r, "Username"))).containsAll(HOSTILE_NAMES);
        }

        @Test
        void noCellStartsAFormulaAndTheSpecsExampleRowIsWrittenAsTheSpecShowsIt() throws IOException {
            h.clock.advance(Duration.ofHours(1));
            for (String name : HOSTILE_NAMES) {
                h.started(main, name, "F-" + name.hashCode(), NOW.minusSeconds(60));
            }
            Instant start = Instant.parse("2026-01-04T10:00:00Z");
            h.track(Fixtures.start(main, "customer001", "8100001A", start));
            h.track(Fixtures.stop(main, "customer001", "8100001A", start.plus(Duration.ofMinutes(270)), 16_200)
                    .outputOctets(3 * GB, 0)
                    .inputOctets(GB, 0));

            var response = export("?timeZone=UTC&status=completed");

            String spec = "Session ID,Username,Start Time,Stop Time,Duration,Data In,Data Out,Router\r\n"
                    + "8100001A,customer001,2026-01-04 10:00,2026-01-04 14:30,4h 30m,3 GB,1 GB,Main Router\r\n";
            assertThat(response.body()).endsWith("\r\n").hasLineCount(2);
            assertThat(parse(response.body()).stream().map(CSVRecord::toList).toList())
                    .isEqualTo(parse(spec).stream().map(CSVRecord::toList).toList());
            List<CSVRecord> all = parse(export("?status=active").body());
            assertThat(all).hasSize(HOSTILE_NAMES.size());
            for (CSVRecord row : all) {
                for (String value : row.values()) {
                    assertThat(value).as(row.toString()).doesNotStartWith("=").doesNotStartWith("+");
                    assertThat(value)
                            .doesNotStartWith("-")
                            .doesNotStartWith("@")
                            .doesNotStartWith("\t");
                }
            }
            assertThat(all.stream().map(r -> r.get("Username")))
                    .contains("'=HYPERLINK(\"http://evil.example\",\"pay here\")", "''quoted", "'-2+3", "plain");
        }

        @Test
        void rfc4180LineEndsUtf8AnOptionalByteOrderMarkAndAFileNameOfTenantAndDays() {
            plain(3);

            var plain = export("?startDate=2026-01-01&endDate=2026-01-31");
            var withBom = export("?bom=true");

            assertThat(plain.header("Content-Type")).isEqualTo("text/csv; charset=utf-8; header=present");
            assertThat(plain.header("Content-Disposition"))
                    .isEqualTo("attachment; filename=\"sessions-acme-2026-01-01-to-2026-01-31.csv\"");
            assertThat(plain.header("Cache-Control")).isEqualTo("no-store");
            assertThat(plain.body()).startsWith("\"Session ID\",Username,").endsWith("\r\n");
            assertThat(plain.body().replace("\r\n", "")).doesNotContain("\n");
            assertThat(withBom.body()).startsWith("\uFEFF\"Session ID\",");
            assertThat(withBom.header("Content-Disposition"))
                    .isEqualTo("attachment; filename=\"sessions-acme-all.csv\"");
            assertThat(export("?startDate=2026-01-02").header("Content-Disposition"))
                    .contains("sessions-acme-from-2026-01-02.csv");
        }

        @Test
        void theListingAndTheExportSelectTheSameDaysOfTheTenantsZone() throws IOException {
            seed(120); // one every 37 minutes: about three days back from NOW
            for (String days : List.of(
                    "&startDate=2026-01-03&endDate=2026-01-03",
                    "&startDate=2026-01-03&endDate=2026-01-03&overlap=true",
                    "&startDate=2026-01-02",
                    "&endDate=2026-01-02&timeZone=Pacific/Kiritimati",
                    "&startDate=2026-01-03&endDate=2026-01-04&status=completed&nasId=" + main.id())) {
                List<JsonNode> listed = listing(days);
                List<CSVRecord> exported = parse(export("?raw=true" + days).body());
                assertThat(exported).as(days).isNotEmpty();
                assertThat(exported.stream().map(r -> r.get("ID")))
                        .as(days)
                        .containsExactlyElementsOf(
                                listed.stream().map(s -> s.get("id").asText()).toList());
            }
            // 3 January in Nairobi (UTC+3) is 2 January 21:00 to 3 January 21:00 UTC
            List<JsonNode> third = listing("&startDate=2026-01-03&endDate=2026-01-03");
            assertThat(third)
                    .allMatch(s ->
                            !Instant.parse(s.get("startTime").asText()).isBefore(Instant.parse("2026-01-02T21:00:00Z"))
                                    && Instant.parse(s.get("startTime").asText())
                                            .isBefore(Instant.parse("2026-01-03T21:00:00Z")));
            assertThat(listing("&startDate=2026-01-03&endDate=2026-01-03&overlap=true"))
                    .hasSizeGreaterThanOrEqualTo(third.size());
        }

        @Test
        void everyExportIsAuditedWithWhoWhatAndRows() {
            plain(7, 0, 3, 5);

            h.get("/api/sessions/export?format=csv&raw=true&status=active&search=user&startDate=2026-01-01", exporter);

            ExportAuditEntry entry = h.exportAudit.latest(ACME, 1).get(0);
            assertThat(entry.outcome()).isEqualTo(Outcome.COMPLETED);
            assertThat(entry.record().format()).isEqualTo("csv-raw");
            assertThat(entry.record().criteria().search()).isEqualTo("user");
            assertThat(entry.record().criteria().period().startDate()).hasToString("2026-01-01");
            assertThat(entry.record().criteria().period().zone()).isEqualTo(ZoneId.of("Africa/Nairobi"));
            assertThat(entry.record().token())
                    .isEqualTo(h.tokenStore.findByTenant(ACME).stream()
                            .filter(t -> t.grant().listed().contains(Permission.SESSIONS_EXPORT))
                            .findFirst()
                            .orElseThrow()
                            .id());
            assertThat(entry.record().clientAddress()).hasToString("127.0.0.1");
            assertThat(entry.rows()).isEqualTo(4); // 7 sessions, 3 of them stopped
        }
    }

    @Nested
    class Pdf {
        @Test
        void thePdfHoldsTheHeaderTheRowsTheTotalsAndPageNumbers() throws IOException {
            seed(140); // one every 37 minutes back from NOW: all within 1-4 January in Nairobi
            h.started(main, "josé.müller", "J1", NOW.minusSeconds(30));

            HttpResponse<byte[]> response = binary("?format=pdf&startDate=2026-01-01&endDate=2026-01-04");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).contains("application/pdf");
            assertThat(response.headers().firstValue("Content-Disposition"))
                    .contains("attachment; filename=\"sessions-acme-2026-01-01-to-2026-01-04.pdf\"");
            Path sample = Path.of("target", "export-sample.pdf");
            Files.write(sample, response.body());
            try (PDDocument pdf = Loader.loadPDF(response.body())) {
                String text = new PDFTextStripper().getText(pdf);
                int pages = pdf.getNumberOfPages();
                assertThat(pages).isGreaterThan(1);
                assertThat(pdf.getPage(0).getRotation()).isZero();
                assertThat(pdf.getPage(0).getMediaBox().getWidth()).isEqualTo(842f);
                assertThat(pdf.getPage(0).getMediaBox().getHeight()).isEqualTo(595f);
                assertThat(text)
                        .contains("Session history · Acme ISP (acme)")
                        .contains("Period: 2026-01-01 to 2026-01-04 (Africa/Nairobi), sessions that started in it")
                        .contains("Filters: status all; customer any; NAS any; search none")
                        .contains("Generated: 2026-01-04 17:00 Africa/Nairobi (2026-01-04T14:00:00Z)")
                        .contains("Session ID", "Username", "Data In", "Router")
                        .contains("Total sessions", "Total duration", "Total data in", "Total data out")
                        .contains("Data per day (Africa/Nairobi)")
                        .contains("Page 1 of " + pages, "Page " + pages + " of " + pages)
                        .contains("josé.müller", "дмитрий", "smith, john");
                List<JsonNode> listed = listing("&startDate=2026-01-01&endDate=2026-01-04");
                assertThat(listed).hasSize(141);
                for (JsonNode s : listed) {
                    assertThat(text).contains(s.get("sessionId").asText() + " ");
                }
                long bytesIn = listed.stream()
                        .mapToLong(s -> s.get("bytesIn").asLong())
                        .sum();
                long bytesOut = listed.stream()
                        .mapToLong(s -> s.get("bytesOut").asLong())
                        .sum();
                assertThat(text).contains("141 ", ByteFormat.human(bytesIn), ByteFormat.human(bytesOut));
                assertThat(text).contains("?? "); // 李雷: a script the embedded font lacks shows as '?'
            }
        }

        @Test
        void moreThanTenThousandRowsIs422PointingToCsv() throws IOException {
            List<Session> many = new ArrayList<>();
            for (int i = 0; i <= ExportFormat.PDF_MAX_ROWS; i++) {
                many.add(Fixtures.session(main)
                        .acctSessionId("M" + i)
                        .username("m" + i)
                        .start(NOW.minusSeconds(i))
                        .build());
            }
            h.sessions.writeAtomically(java.util.Set.of(), w -> {
                w.saveAll(many);
                return null;
            });

            var response = export("?format=pdf&startDate=2026-01-01&endDate=2026-01-04");

            assertThat(response.status()).isEqualTo(422);
            assertThat(response.errorCode()).isEqualTo("too_many_rows");
            assertThat(response.errorField()).isEqualTo("format");
            assertThat(response.json().get("error").get("message").asText())
                    .contains("10001 sessions match", "at most 10000", "format=csv");
            assertThat(response.header("Content-Disposition")).isNull();
            assertThat(h.exportAudit.latest(ACME, 10)).isEmpty();
            assertThat(parse(export("?startDate=2026-01-01&endDate=2026-01-04").body()))
                    .hasSize(10_001);
        }

        private HttpResponse<byte[]> binary(String query) {
            try {
                return HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(h.uri("/api/sessions/export" + query))
                                        .header("Authorization", "Bearer " + exporter)
                                        .build(),
                                HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Nested
    class BadInput {
        @Test
        void eachBadParameterIs400NamingIt() {
            assertInvalid("?format=xlsx", "format");
            assertInvalid("?startDate=2026-02-30", "startDate");
            assertInvalid("?startDate=01/02/2026", "startDate");
            assertInvalid("?endDate=2026-1-5", "endDate");
            assertInvalid("?startDate=1969-12-31", "startDate");
            assertInvalid("?startDate=2026-02-01&endDate=2026-01-31", "endDate");
            assertInvalid("?format=pdf&endDate=2026-01-31", "startDate");
            assertInvalid("?format=pdf&startDate=2026-01-31", "endDate");
            assertInvalid("?format=pdf&startDate=2025-01-01&endDate=2026-01-02", "endDate");
            assertInvalid("?format=pdf&startDate=2025-01-01&endDate=2025-12-31&raw=true", "raw");
            assertInvalid("?format=pdf&startDate=2025-01-01&endDate=2025-12-31&bom=true", "bom");
            assertInvalid("?overlap=yes", "overlap");
            assertInvalid("?timeZone=Mars/Olympus", "timeZone");
            assertInvalid("?status=open", "status");
            assertInvalid("?pageSize=10", "pageSize");
            assertThat(export("?format=pdf&startDate=2025-01-01&endDate=2026-01-01")
                            .status())
                    .isEqualTo(200); // 366 days
            assertThat(export("?startDate=1970-01-01&endDate=9998-12-31&timeZone=Pacific/Kiritimati")
                            .status())
                    .isEqualTo(200);
        }

        private void assertInvalid(String query, String field) {
            var response = export(query);
            assertThat(response.status()).as(query + " -> " + response).isEqualTo(400);
            assertThat(response.errorField()).as(query).isEqualTo(field);
            assertThat(response.header("Content-Type")).startsWith("application/json");
            assertThat(response.header("Content-Disposition")).isNull();
        }

        @Test
        void theListingTakesTheSameDaysAndRefusesTheSameMistakes() {
            assertThat(h.get("/api/sessions?startDate=2026-02-01&endDate=2026-01-31", exporter)
                            .errorField())
                    .isEqualTo("endDate");
            assertThat(h.get("/api/sessions?startDate=2026-13-01", exporter).errorField())
                    .isEqualTo("startDate");
            assertThat(h.get("/api/sessions?format=csv", exporter).errorField()).isEqualTo("format");
        }
    }

    @Nested
    class Streaming {
        @Test
        void aStoreThatFailsBeforeTheFirstByteIs503WithoutTheFilesHeaders() {
            seed(3);
            h.failStore(new StoreUnavailableException("database unavailable: SQLSTATE 08006", null));

            var response = export("");

            assertThat(response.status()).isEqualTo(503);
            assertThat(response.errorCode()).isEqualTo("service_unavailable");
            assertThat(response.header("Retry-After")).isEqualTo("5");
            assertThat(response.header("Content-Disposition")).isNull();
            assertThat(response.header("Content-Type")).startsWith("application/json");
            assertThat(response.header("Cache-Control")).isEqualTo("no-store");
            assertThat(h.exportAudit.latest(ACME, 1).get(0).outcome()).isEqualTo(Outcome.FAILED);
        }

        @Test
        void aStoreThatFailsAfterTheFirstBytesCutsTheTransferInsteadOfEndingAFileThatLooksWhole() {
            org.junit.jupiter.api.Assumptions.assumeTrue(
                    ApiHarness.STORAGE == ApiHarness.Storage.MEMORY, "only the in-memory store can be made to fail");
            seed(SessionExportService.FIRST_CHUNK + 20);
            h.failExportFromChunk(2, new StoreUnavailableException("database unavailable: SQLSTATE 57P01", null));
            HttpRequest request = HttpRequest.newBuilder(h.uri("/api/sessions/export"))
                    .header("Authorization", "Bearer " + exporter)
                    .build();

            assertThatThrownBy(() -> HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(IOException.class);
            assertThat(h.exportAudit.latest(ACME, 1).get(0))
                    .extracting(ExportAuditEntry::outcome, ExportAuditEntry::rows)
                    .containsExactly(Outcome.FAILED, (long) SessionExportService.FIRST_CHUNK);
            assertThat(h.observed).noneMatch(line -> line.contains(" 500 "));
        }

        @Test
        void aClientThatGoesAwayMidExportEndsItQuietlyAndFreesEverything() throws Exception {
            CountDownLatch firstChunkSent = new CountDownLatch(1);
            CountDownLatch clientGone = new CountDownLatch(1);
            reopenWrappingTheExport(sink -> new ForwardingSink(sink) {
                private int chunks;

                @Override
                public void write(List<ExportedSession> chunk) {
                    if (chunks++ == 0) {
                        super.write(chunk);
                        firstChunkSent.countDown();
                        await(clientGone);
                        return;
                    }
                    // the client is gone: writing more than the socket buffers take fails
                    for (int i = 0; i < 400; i++) {
                        super.write(chunk);
                    }
                }
            });
            seed(SessionExportService.FIRST_CHUNK + 40);
            HttpRequest request = HttpRequest.newBuilder(h.uri("/api/sessions/export?raw=true"))
                    .header("Authorization", "Bearer " + exporter)
                    .build();

            HttpResponse<InputStream> response =
                    HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
            assertThat(firstChunkSent.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body().readNBytes(100)).hasSize(100);
            response.body().close();
            clientGone.countDown();

            ExportAuditEntry entry = awaitEnded();
            assertThat(entry.outcome()).isEqualTo(Outcome.INTERRUPTED);
            assertThat(entry.rows()).isEqualTo(SessionExportService.FIRST_CHUNK);
            assertThat(h.observed).noneMatch(line -> line.contains(" 500 "));
            // the server and the store serve the next export as usual
            assertThat(parse(export("").body())).hasSize(SessionExportService.FIRST_CHUNK + 40);
        }

        private ExportAuditEntry awaitEnded() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                List<ExportAuditEntry> latest = h.exportAudit.latest(ACME, 1);
                if (!latest.isEmpty() && latest.get(0).outcome() != Outcome.RUNNING) {
                    return latest.get(0);
                }
                Thread.sleep(20);
            }
            throw new AssertionError("the export did not end");
        }

        private static void await(CountDownLatch latch) {
            try {
                latch.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** This test's harness anew, its export use case handing the first export a wrapped sink. */
        private void reopenWrappingTheExport(java.util.function.UnaryOperator<ExportSink> wrap) {
            java.util.concurrent.atomic.AtomicBoolean wrapped = new java.util.concurrent.atomic.AtomicBoolean();
            h.close();
            open(ApiHarness.Options.defaults().ports(p -> {
                ExportSessionsUseCase real = p.history().export();
                return ReplacedPort.export(
                        p, (command, sink) -> real.export(command, wrapped.getAndSet(true) ? sink : wrap.apply(sink)));
            }));
        }
    }

    /** Passes everything on; tests override what they change. */
    private static class ForwardingSink implements ExportSink {
        private final ExportSink target;

        ForwardingSink(ExportSink target) {
            this.target = target;
        }

        @Override
        public void begin(ExportHeader header) {
            target.begin(header);
        }

        @Override
        public void write(List<ExportedSession> chunk) {
            target.write(chunk);
        }

        @Override
        public void end() {
            target.end();
        }
    }
}
