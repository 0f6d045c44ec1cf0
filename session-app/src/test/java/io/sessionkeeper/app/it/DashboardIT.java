package io.sessionkeeper.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessionkeeper.adapter.radius.testing.FreeRadiusServer;
import io.sessionkeeper.adapter.radius.testing.Radclient;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser: Debian's headless Chromium, driven by chromedriver through Selenium, against the
 * packaged jar on its embedded PostgreSQL. radclient sends the sessions; FreeRADIUS plays the NAS's Disconnect side.
 * One jar and one browser serve every case, in order (a case builds on the one before).
 *
 * <p>Screenshots at desktop (1280×800) and phone (390×844) width go to {@code target/dashboard-img}, or to the
 * directory named by the system property {@code sessionkeeper.screenshots} (docs/dashboard.md says how to refresh
 * the ones in docs/dashboard-img).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardIT {
    private static final String SECRET = "dashboard-shared-secret";
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String HOSTILE = "<img src=x onerror=alert(1)>";
    private static final Duration WAIT = Duration.ofSeconds(20);

    private Path dataDir;
    private Path downloads;
    private ServiceProcess service;
    private FreeRadiusServer nasCoa;
    private ApiClient api;
    private WebDriver browser;
    private String viewerToken;
    private long started;

    @BeforeAll
    void start() throws Exception {
        Radclient.assumeInstalled();
        FreeRadiusServer.assumeInstalled();
        Assumptions.assumeTrue(
                Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "the browser tests need Debian's chromium and chromium-driver (apt-get install chromium"
                        + " chromium-driver, as .ci/run does)");
        dataDir = ScratchDirectories.create("sessionkeeper-dashboard");
        downloads = ScratchDirectories.create("sessionkeeper-downloads");
        service = ServiceProcess.start(dataDir, Map.of("SESSION_ALERT_SWEEP_INTERVAL", "2s"));
        api = service.api();
        int coaPort = FreeRadiusServer.freePort();
        nasCoa = CoaPeer.start("127.0.0.1", coaPort, "127.0.0.1", SECRET);
        ApiClient.Response nas = api.post("/api/nas", """
                {"name":"Main Router","ipAddress":"127.0.0.1","secret":"%s","vendor":"mikrotik","coaPort":%d}""".formatted(SECRET, coaPort));
        assertThat(nas.status()).as(nas.raw()).isEqualTo(201);
        ApiClient.Response rule = api.post("/api/alert-rules", """
                {"type":"LONG_SESSION","threshold":86400,"action":"NOTIFY_ADMIN",
                 "scope":{"kind":"customer","value":"marathon"}}""");
        assertThat(rule.status()).as(rule.raw()).isEqualTo(201);
        ApiClient.Response viewer = api.post("/api/tokens", """
                {"name":"viewer","permissions":["dashboard:active_sessions","sessions:export"]}""");
        assertThat(viewer.status()).as(viewer.raw()).isEqualTo(201);
        viewerToken = viewer.body().get("token").asText();
        browser = chromium(downloads);
        started = System.nanoTime();
    }

    private static WebDriver chromium(Path downloads) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // root in a container has no user namespace for Chromium's sandbox; the page is our own, on loopback
        options.addArguments(
                "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,800", "--lang=en-GB");
        Map<String, Object> prefs = new HashMap<>();
        prefs.put("download.default_directory", downloads.toString());
        prefs.put("download.prompt_for_download", false);
        options.setExperimentalOption("prefs", prefs);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService driver = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(driver, options);
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            System.out.printf(
                    "DashboardIT: browser cases took %d s%n",
                    Duration.ofNanos(System.nanoTime() - started).toSeconds());
            browser.quit();
        }
        if (nasCoa != null) {
            nasCoa.close();
        }
        if (service != null) {
            service.close();
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private String base() {
        return "http://127.0.0.1:" + service.httpPort();
    }

    private WebDriverWait waiting() {
        return new WebDriverWait(browser, WAIT);
    }

    private WebElement find(String css) {
        return browser.findElement(By.cssSelector(css));
    }

    private void accounting(String packet) {
        Radclient.Result result = Radclient.accounting(service.radiusPort(), SECRET, packet, "-r", "3", "-t", "3");
        assertThat(result.accountingResponses()).as(result.output()).isEqualTo(1);
    }

    /** A packet of this session: User-Name, Acct-Session-Id, NAS, PPP, an address, and the lines given. */
    private void send(String user, String acctSessionId, String lines) {
        accounting("""
                User-Name = "%s"
                Acct-Session-Id = "%s"
                NAS-IP-Address = 127.0.0.1
                Framed-Protocol = PPP
                Framed-IP-Address = 10.5.50.%d
                Calling-Station-Id = "00-11-22-33-44-%02x"
                """.formatted(
                        user, acctSessionId, 10 + Math.abs(acctSessionId.hashCode() % 200), acctSessionId.length())
                + lines);
    }

    /** The table's row of the user, once the page shows it. */
    private WebElement rowOf(String user) {
        return waiting().until(d -> d.findElements(By.cssSelector("#sessions-body tr")).stream()
                .filter(row ->
                        row.findElement(By.cssSelector("button.user")).getText().equals(user))
                .findFirst()
                .orElse(null));
    }

    private void signIn(String token) {
        browser.get(base() + "/");
        WebElement field = waiting().until(ExpectedConditions.elementToBeClickable(By.id("token")));
        field.clear();
        field.sendKeys(token);
        find("#sign-in-button").click();
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("app")));
    }

    private void signOut() {
        find("#sign-out").click();
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-in")));
    }

    /** A picture of the window at this size, scrolled to the top or to the element {@code scrollTo} names. */
    private void screenshot(String name, int width, int height, String scrollTo) {
        Dimension before = browser.manage().window().getSize();
        browser.manage().window().setSize(new Dimension(width, height));
        try {
            if (scrollTo == null) {
                ((JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0)");
            } else {
                ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView()", find(scrollTo));
            }
            Path dir = Path.of(System.getProperty("sessionkeeper.screenshots", "target/dashboard-img"));
            Files.createDirectories(dir);
            // let the layout settle at the new width before the picture
            waiting().until(d -> ((JavascriptExecutor) d)
                    .executeScript("return document.readyState")
                    .equals("complete"));
            byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
            Files.write(dir.resolve(name + ".png"), png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            browser.manage().window().setSize(before);
            ((JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0)");
        }
    }

    /** The browser's console: errors (a script that failed, a policy violation) fail the case that made them. */
    private List<String> consoleErrors() {
        return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue())
                .map(LogEntry::getMessage)
                // the analytics endpoints of issue 16 may not exist yet: a service without them answers 4xx
                // (404, or 400/403 where the path falls into /api/nas/{id}) and the page hides their cards
                .filter(m -> !(m.contains("/api/sessions/analytics/") || m.contains("/api/nas/health"))
                        || !m.contains("status of 4"))
                .toList();
    }

    // ---- cases --------------------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void signingInWithATokenShowsTheCardsAndTheTableAndKeepsTheTokenOutOfTheAddress() {
        signIn(ServiceProcess.TOKEN);

        assertThat(find("#who-text").getText()).contains("tenant default");
        waiting().until(ExpectedConditions.textToBe(By.id("active-total"), "0"));
        assertThat(find("#card-alerts").isDisplayed()).isTrue();
        assertThat(browser.getCurrentUrl()).doesNotContain(ServiceProcess.TOKEN);
        Object kept = ((JavascriptExecutor) browser)
                .executeScript("return [sessionStorage.length, localStorage.length, document.cookie]");
        assertThat(kept.toString()).isEqualTo("[1, 0, ]");
        assertThat(consoleErrors()).isEmpty();
    }

    @Test
    @Order(2)
    void aSessionSentByRadclientAppearsInTheTableWithoutAReload() {
        ((JavascriptExecutor) browser).executeScript("window.notReloaded = true");
        long now = Instant.now().getEpochSecond();
        send("alice", "D0000001", "Acct-Status-Type = Start\nEvent-Timestamp = " + (now - 600) + "\n");

        WebElement row = rowOf("alice");

        assertThat(row.findElements(By.tagName("td")).get(1).getText()).isEqualTo("active");
        assertThat(row.getText()).contains("Main Router");
        assertThat(((JavascriptExecutor) browser).executeScript("return window.notReloaded"))
                .isEqualTo(true);
        waiting().until(ExpectedConditions.textToBe(By.id("active-total"), "1"));
    }

    @Test
    @Order(3)
    void theDetailShowsEveryFieldTheTimelineAndABandwidthChartWithPoints() {
        long now = Instant.now().getEpochSecond();
        send("alice", "D0000001", """
                Acct-Status-Type = Interim-Update
                Acct-Session-Time = 300
                Acct-Input-Octets = 30000000
                Acct-Output-Octets = 150000000
                Event-Timestamp = %d
                """.formatted(now - 300));
        send("alice", "D0000001", """
                Acct-Status-Type = Interim-Update
                Acct-Session-Time = 600
                Acct-Input-Octets = 45000000
                Acct-Output-Octets = 390000000
                Event-Timestamp = %d
                """.formatted(now));
        // the interims' samples are readable once folded, about a second after their answers (ADR 67)
        String id = api.get("/api/sessions?status=active&search=alice")
                .body()
                .get("sessions")
                .get(0)
                .get("id")
                .asText();
        api.getUntil(
                "/api/sessions/" + id + "/timeline",
                r -> r.status() == 200 && r.raw().split("\"interim_update\"", -1).length > 2,
                Duration.ofSeconds(15));

        rowOf("alice").findElement(By.cssSelector("button.user")).click();

        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("detail")));
        waiting()
                .until(d ->
                        d.findElements(By.cssSelector("#chart svg circle.pt")).size() >= 2);
        assertThat(browser.findElements(By.cssSelector("#chart svg circle.pt.dl")))
                .isNotEmpty();
        assertThat(browser.findElements(By.cssSelector("#chart svg path.series.dl")))
                .hasSize(1);
        assertThat(find("#detail-fields [data-field='User']").getText()).isEqualTo("alice");
        assertThat(find("#detail-fields [data-field='NAS']").getText()).contains("Main Router");
        assertThat(find("#detail-fields [data-field='MAC']").getText()).isEqualTo("00:11:22:33:44:08");
        waiting().until(d -> d.findElements(By.cssSelector("#timeline li")).size() >= 2);
        assertThat(find("#timeline").getText()).contains("Session Started");
        waiting()
                .until(ExpectedConditions.textToBe(
                        By.cssSelector("#detail-fields [data-field='Downloaded']"), "371.9 MiB"));
        waiting().until(d -> !rowOf("alice").getText().contains("0 B"));
        screenshot("desktop", 1280, 800, null);
        screenshot("desktop-detail", 1280, 800, "#disconnect-box");
        screenshot("phone", 390, 844, "#sessions-heading");
        assertThat(consoleErrors()).isEmpty();
    }

    @Test
    @Order(4)
    void disconnectAsksFirstThenShowsTheNasAckAndTheRowTurnsCompleted() {
        find("#disconnect").click();
        WebElement confirm = find("#disconnect-confirm");
        assertThat(confirm.isDisplayed()).isTrue();
        assertThat(find("#disconnect-question").getText()).contains("alice").contains("Main Router");
        assertThat(nasCoa.log()).doesNotContain("Disconnect-Request");

        find("#disconnect-yes").click();

        waiting().until(ExpectedConditions.textMatches(By.id("nas-answer"), java.util.regex.Pattern.compile("ACK")));
        assertThat(find("#nas-answer").getText()).contains("NAS answered ACK after 1 attempt");
        waiting().until(d -> rowOf("alice")
                .findElements(By.tagName("td"))
                .get(1)
                .getText()
                .equals("completed"));
        assertThat(find("#detail-fields [data-field='Terminate cause']").getText())
                .isEqualTo("Admin-Terminate");
        assertThat(nasCoa.log()).contains("Disconnect-Request").contains("alice");
        waiting().until(d -> d.findElement(By.id("timeline")).getText().contains("ACK"));
    }

    @Test
    @Order(5)
    void aHostileUserNameIsShownAsTextAndRunsNothing() {
        send(HOSTILE, "D0000002", "Acct-Status-Type = Start\n");

        WebElement row = rowOf(HOSTILE);
        row.findElement(By.cssSelector("button.user")).click();
        waiting().until(ExpectedConditions.textToBe(By.cssSelector("#detail-fields [data-field='User']"), HOSTILE));

        assertThat(browser.findElements(By.cssSelector("main img"))).isEmpty();
        assertThat(find("#detail-heading").getText()).isEqualTo("Session of " + HOSTILE);
        assertThatThrownBy(() -> browser.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
        assertThat(consoleErrors()).isEmpty();
    }

    @Test
    @Order(6)
    void anAlertIsListedAndAcknowledged() {
        send("marathon", "D0000003", """
                Acct-Status-Type = Interim-Update
                Acct-Session-Time = 90000
                Event-Timestamp = %d
                """.formatted(Instant.now().getEpochSecond()));

        WebElement alert = waiting().until(d -> d.findElements(By.cssSelector("#alerts li")).stream()
                .filter(li -> li.getText().contains("marathon"))
                .findFirst()
                .orElse(null));
        assertThat(alert.getText()).contains("LONG_SESSION");
        waiting().until(ExpectedConditions.textToBe(By.id("alerts-open"), "1"));
        alert.findElement(By.tagName("button")).click();

        waiting().until(d -> d.findElement(By.id("alerts")).getText().contains("acknowledged"));
    }

    @Test
    @Order(7)
    void aTokenWithoutRoutersDisconnectSeesNoDisconnectNorRateLimitButAndExportsToDiskByTicket() throws Exception {
        signOut();
        signIn(viewerToken);

        rowOf("alice").findElement(By.cssSelector("button.user")).click();
        waiting().until(ExpectedConditions.textToBe(By.cssSelector("#detail-fields [data-field='User']"), "alice"));

        assertThat(find("#disconnect").isDisplayed()).isFalse();
        assertThat(find("#rate-form").isDisplayed()).isFalse();
        assertThat(find("#alerts-panel").isDisplayed()).isFalse();
        assertThat(find("#card-alerts").isDisplayed()).isFalse();
        assertThat(find("#export-csv").isDisplayed()).isTrue();

        find("#export-csv").click();

        Path csv = downloads.resolve("sessions-default-all.csv");
        waiting().until(d -> Files.exists(csv) && csvComplete(csv));
        String text = Files.readString(csv, StandardCharsets.UTF_8);
        assertThat(text).contains("alice").contains(HOSTILE);
        try (Stream<Path> files = Files.list(downloads)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("sessions-default-all.csv");
        }
        assertThat(consoleErrors()).isEmpty();
    }

    /** Chromium writes a download under a .crdownload name and renames it when it is complete. */
    private static boolean csvComplete(Path csv) {
        try (Stream<Path> files = Files.list(csv.getParent())) {
            return files.noneMatch(p -> p.getFileName().toString().endsWith(".crdownload"));
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    @Order(8)
    void analyticsCardsFollowWhetherTheServiceHasTheirEndpoints() {
        ApiClient.Response peak = api.get("/api/sessions/analytics/peak-times?days=30");
        if (peak.status() == 404) {
            // before issue 16's endpoints: the page hides their cards instead of showing an error
            assertThat(find("#heatmap-panel").isDisplayed()).isFalse();
            assertThat(find("#top-panel").isDisplayed()).isFalse();
            assertThat(find("#health-panel").isDisplayed()).isFalse();
            assertThat(find("#app-error").getText()).isEmpty();
            Assumptions.abort("the analytics endpoints of issue 16 (peak times, top users, NAS health) answer 404 in"
                    + " this build: their cards are hidden; re-run after they are merged to test the cards themselves");
        }
        browser.navigate().refresh();
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("heatmap-panel")));
        assertThat(browser.findElements(By.cssSelector("#heatmap tbody tr"))).hasSize(7);
        List<WebElement> cells = browser.findElements(By.cssSelector("#heatmap tbody td.cell"));
        assertThat(cells).hasSize(7 * 24);
        assertThat(cells).allMatch(c -> c.getAttribute("class").matches("cell q[0-4]"));
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("top-panel")));
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("health-panel")));
        assertThat(find("#nas-health").getText()).contains("Main Router");
        assertThat(consoleErrors()).isEmpty();
    }
}
