package io.sessionkeeper.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The dashboard's page and files as the HTTP adapter serves them: from the class path, with a Content-Security-Policy
 * that admits no inline script or style, and only files of the dashboard. What the page does is tested in a browser
 * (session-app's DashboardIT).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardRoutesTest {
    private static final Pattern IMPORT = Pattern.compile("from '\\./([a-z-]+\\.js)'");

    private ApiHarness h;

    @BeforeAll
    void start() {
        h = new ApiHarness();
    }

    @AfterAll
    void stop() {
        h.close();
    }

    @Test
    void thePageIsServedAtTheRootWithAPolicyOfScriptsAndStylesFromThisOriginOnly() {
        var page = h.get("/", null);

        assertThat(page.status()).isEqualTo(200);
        assertThat(type(page)).isEqualTo("text/html;charset=utf-8");
        String policy = page.header("Content-Security-Policy");
        assertThat(policy)
                .contains("default-src 'none'")
                .contains("script-src 'self'")
                .contains("style-src 'self'")
                .contains("connect-src 'self'")
                .contains("frame-ancestors 'none'")
                .doesNotContain("unsafe-inline")
                .doesNotContain("unsafe-eval");
        assertThat(page.header("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(page.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(page.body()).contains("<script type=\"module\" src=\"/dashboard/app.js\"></script>");
    }

    @Test
    void thePageHasNoInlineScriptStyleOrEventHandlerThePolicyWouldBlock() {
        String html = h.get("/", null).body();

        assertThat(Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>")
                        .matcher(html)
                        .find())
                .as("an inline <script>")
                .isFalse();
        assertThat(html).doesNotContain("<style");
        assertThat(Pattern.compile("\\sstyle=").matcher(html).find()).isFalse();
        assertThat(Pattern.compile("\\son[a-z]+=", Pattern.CASE_INSENSITIVE)
                        .matcher(html)
                        .find())
                .as("an inline event handler")
                .isFalse();
        assertThat(html).doesNotContain("http://").doesNotContain("https://").doesNotContain("//cdn");
    }

    /** The Content-Type without spaces (Jetty writes some with a space before the charset, some without). */
    private static String type(ApiHarness.Response response) {
        return response.header("Content-Type").replace(" ", "");
    }

    /** The page's module and every module it imports, transitively, by name. */
    private Map<String, String> scripts() {
        Map<String, String> scripts = new LinkedHashMap<>();
        Deque<String> pending = new ArrayDeque<>(List.of("app.js"));
        while (!pending.isEmpty()) {
            String name = pending.pop();
            if (scripts.containsKey(name)) {
                continue;
            }
            var script = h.get("/dashboard/" + name, null);
            assertThat(script.status()).as(name).isEqualTo(200);
            assertThat(type(script)).as(name).isEqualTo("text/javascript;charset=utf-8");
            assertThat(script.header("Content-Security-Policy")).contains("script-src 'self'");
            scripts.put(name, script.body());
            Matcher imports = IMPORT.matcher(script.body());
            while (imports.find()) {
                pending.push(imports.group(1));
            }
        }
        return scripts;
    }

    @Test
    void everyModuleThePageImportsIsServedAndNoneWritesMarkupOrEvaluatesText() {
        Map<String, String> scripts = scripts();

        assertThat(scripts.keySet()).contains("app.js", "api.js", "dom.js", "charts.js", "format.js");
        scripts.forEach((name, source) -> assertThat(source)
                .as(name + ": data goes into the page as text (textContent), never as markup")
                .doesNotContain("innerHTML")
                .doesNotContain("outerHTML")
                .doesNotContain("insertAdjacentHTML")
                .doesNotContain("document.write")
                .doesNotContain("eval(")
                .doesNotContain("new Function"));
        assertThat(type(h.get("/dashboard/dashboard.css", null))).isEqualTo("text/css;charset=utf-8");
    }

    @Test
    void theTokenIsKeptForTheTabOnlyAndSentAsAHeaderNeverInAnAddress() {
        String api = scripts().get("api.js");

        assertThat(api)
                .contains("sessionStorage")
                .doesNotContain("localStorage")
                .doesNotContain("document.cookie");
        assertThat(api).contains("headers.Authorization = 'Bearer ' + current");
        assertThat(String.join("\n", scripts().values()))
                .doesNotContainIgnoringCase("?token=")
                .doesNotContainIgnoringCase("&token=");
    }

    @Test
    void anythingButAFileOfTheDashboardIs404AndNeverAnotherResource() {
        for (String path : List.of(
                "/dashboard/missing.js",
                "/dashboard/.hidden.js",
                "/dashboard/App.js",
                "/dashboard/app.JS",
                "/dashboard/app.class",
                "/dashboard/logback.xml",
                "/dashboard/openapi.json",
                "/dashboard/index",
                "/dashboard/..%2Fadapter%2Fhttp%2Fopenapi.json",
                "/dashboard/%2e%2e",
                "/dashboard/a%00.js")) {
            var response = h.get(path, null);
            assertThat(response.status()).as(path + " -> " + response).isIn(400, 404);
            assertThat(response.body()).as(path).doesNotContain("\"openapi\"");
        }
        var tooLong = h.get("/dashboard/" + "a".repeat(62) + ".js", null);
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.errorField()).isEqualTo("file");
    }

    @Test
    void theApisAnswersCarryAPolicyThatRunsAndFramesNothing() {
        var answer = h.get("/health/live", null);
        var refused = h.get("/api/sessions", null);

        assertThat(answer.header("Content-Security-Policy")).isEqualTo("default-src 'none'; frame-ancestors 'none'");
        assertThat(refused.header("Content-Security-Policy")).isEqualTo("default-src 'none'; frame-ancestors 'none'");
    }
}
