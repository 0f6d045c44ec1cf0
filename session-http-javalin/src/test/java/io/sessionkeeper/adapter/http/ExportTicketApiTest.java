package io.sessionkeeper.adapter.http;

import static io.sessionkeeper.adapter.http.ApiHarness.ACME;
import static io.sessionkeeper.adapter.http.ApiHarness.GLOBEX;
import static io.sessionkeeper.adapter.http.ApiHarness.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.model.Permission;
import io.sessionkeeper.domain.port.out.ExportAuditEntry;
import io.sessionkeeper.domain.testing.Fixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The export's one-time download tickets over real HTTP: issued with a token for one export, redeemed without one,
 * once, within 60 s, in the issuing token's tenant, with the filters it was issued for.
 */
class ExportTicketApiTest {
    private ApiHarness h;
    private String acmeExporter;
    private String globexExporter;

    @BeforeEach
    void start() {
        open(ApiHarness.Options.defaults());
    }

    private void open(ApiHarness.Options options) {
        h = new ApiHarness(options);
        acmeExporter = h.token(ACME, Permission.SESSIONS_EXPORT);
        globexExporter = h.token(GLOBEX, Permission.SESSIONS_EXPORT);
        Nas acme = h.nas(ACME, "Acme Main", "192.168.1.1");
        Nas globex = h.nas(GLOBEX, "Globex Main", "192.168.2.1");
        h.started(acme, "acme-open", "A1", NOW.minusSeconds(600));
        h.started(acme, "acme-done", "A2", NOW.minusSeconds(900));
        h.track(Fixtures.stop(acme, "acme-done", "A2", NOW.minusSeconds(300), 600));
        h.started(globex, "globex-open", "G1", NOW.minusSeconds(600));
    }

    @AfterEach
    void stop() {
        h.close();
    }

    private JsonNode ticket(String query, String token) {
        var issued = h.send("POST", "/api/sessions/export/ticket" + query, token, null);
        assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
        return issued.json();
    }

    /** The usernames of a raw CSV export (second column), header left out. */
    private static List<String> usernames(String csv) {
        return Arrays.stream(csv.split("\r\n"))
                .skip(1)
                .map(line -> line.split(",")[1])
                .toList();
    }

    @Test
    void aTicketDownloadsWithoutATokenTheExportItWasIssuedForAndTheExportIsAuditedAsTheIssuingToken() {
        JsonNode ticket = ticket("?format=csv&raw=true&status=completed", acmeExporter);
        assertThat(ticket.get("ticket").asText()).startsWith("skt_").hasSize(4 + 43);
        assertThat(ticket.get("href").asText())
                .isEqualTo("/api/sessions/export/download?ticket="
                        + ticket.get("ticket").asText());
        assertThat(Instant.parse(ticket.get("expiresAt").asText())).isEqualTo(NOW.plusSeconds(60));

        var download = h.get(ticket.get("href").asText(), null);

        assertThat(download.status()).as(download.toString()).isEqualTo(200);
        assertThat(download.header("Content-Type")).startsWith("text/csv");
        assertThat(download.header("Content-Disposition")).startsWith("attachment; filename=\"sessions-acme-");
        assertThat(usernames(download.body())).containsExactly("acme-done");
        ExportAuditEntry audit = h.exportAudit.latest(ACME, 1).get(0);
        assertThat(audit.record().format()).isEqualTo("csv-raw");
        assertThat(audit.record().token())
                .isEqualTo(h.tokenStore.findByTenant(ACME).get(0).id());
        assertThat(audit.rows()).isEqualTo(1);
    }

    @Test
    void aTicketServesOneDownloadOnly() {
        String href = ticket("?raw=true", acmeExporter).get("href").asText();
        assertThat(h.get(href, null).status()).isEqualTo(200);

        var again = h.get(href, null);

        assertThat(again.status()).isEqualTo(401);
        assertThat(again.errorCode()).isEqualTo("unauthorized");
        assertThat(again.json().get("error").get("message").asText()).contains("unknown, used or expired");
        assertThat(h.api.tickets().outstanding()).isZero();
    }

    @Test
    void aTicketExpiresSixtySecondsAfterItWasIssued() {
        String early = ticket("?raw=true", acmeExporter).get("href").asText();
        String late = ticket("?raw=true", acmeExporter).get("href").asText();

        h.clock.advance(Duration.ofSeconds(59));
        assertThat(h.get(early, null).status()).isEqualTo(200);
        h.clock.advance(Duration.ofSeconds(1));
        var expired = h.get(late, null);

        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.errorCode()).isEqualTo("unauthorized");
    }

    @Test
    void aTicketExportsTheIssuingTokensTenantWhateverTokenTheDownloadShows() {
        String globexHref = ticket("?raw=true", globexExporter).get("href").asText();

        // a token of another tenant sent along changes nothing: the ticket alone decides
        var download = h.get(globexHref, acmeExporter);

        assertThat(download.status()).as(download.toString()).isEqualTo(200);
        assertThat(download.header("Content-Disposition")).contains("sessions-globex-");
        assertThat(usernames(download.body())).containsExactly("globex-open");
        assertThat(h.exportAudit.latest(GLOBEX, 1)).hasSize(1);
        assertThat(h.exportAudit.latest(ACME, 1)).isEmpty();
    }

    @Test
    void theDownloadTakesNoOtherParameterSoTheFiltersCannotBeChanged() {
        String href =
                ticket("?raw=true&status=active", acmeExporter).get("href").asText();

        var widened = h.get(href + "&status=all", null);

        assertThat(widened.status()).isEqualTo(400);
        assertThat(widened.errorField()).isEqualTo("status");
        // and it was used up by that request
        assertThat(h.get(href, null).status()).isEqualTo(401);
    }

    @Test
    void issuingChecksTheExportsParametersAndPermissionAndGivesNoTicketOnAMistake() {
        var badFormat = h.send("POST", "/api/sessions/export/ticket?format=xls", acmeExporter, null);
        var pdfWithoutPeriod = h.send("POST", "/api/sessions/export/ticket?format=pdf", acmeExporter, null);
        var noPermission = h.send(
                "POST", "/api/sessions/export/ticket", h.token(ACME, Permission.DASHBOARD_ACTIVE_SESSIONS), null);
        var noToken = h.send("POST", "/api/sessions/export/ticket", null, null);

        assertThat(badFormat.status()).isEqualTo(400);
        assertThat(badFormat.errorField()).isEqualTo("format");
        assertThat(pdfWithoutPeriod.status()).isEqualTo(400);
        assertThat(pdfWithoutPeriod.errorField()).isEqualTo("startDate");
        assertThat(noPermission.status()).isEqualTo(403);
        assertThat(noToken.status()).isEqualTo(401);
        assertThat(h.api.tickets().outstanding()).isZero();
    }

    @Test
    void aDownloadWithoutATicketOrWithAMadeUpOneIs401() {
        assertThat(h.get("/api/sessions/export/download", null).status()).isEqualTo(401);
        assertThat(h.get("/api/sessions/export/download?ticket=skt_" + "A".repeat(43), null)
                        .status())
                .isEqualTo(401);
        var tooLong = h.get("/api/sessions/export/download?ticket=" + "A".repeat(101), null);
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.errorField()).isEqualTo("ticket");
    }

    @Test
    void madeUpTicketsCountAsFailedAuthenticationsOfTheAddress() {
        h.close();
        open(ApiHarness.Options.defaults().config(c -> c.withAuthFailuresPerMinute(3)));
        String href = ticket("?raw=true", acmeExporter).get("href").asText();
        for (int i = 0; i < 3; i++) {
            assertThat(h.get("/api/sessions/export/download?ticket=skt_guess" + i, null)
                            .status())
                    .isEqualTo(401);
        }

        var refused = h.get(href, null);

        // refused before the ticket is looked at: it is still there for when the address may try again
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("Retry-After")).isNotNull();
        assertThat(h.api.tickets().outstanding()).isEqualTo(1);
    }
}
