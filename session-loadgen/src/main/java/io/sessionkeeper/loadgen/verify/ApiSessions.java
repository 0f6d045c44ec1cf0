package io.sessionkeeper.loadgen.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sessionkeeper.loadgen.SessionPlan;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * Reads back what SessionKeeper recorded through its REST API: one search per expected session
 * ({@code GET /api/sessions?status=all&search=<Acct-Session-Id>}), a bounded number at a time. The service's rate
 * limits must allow that many requests.
 */
public final class ApiSessions {
    private final String baseUrl;
    private final String token;
    private final int concurrency;
    private final PrintWriter out;
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    /**
     * @param out where answers other than 200 are reported, one line each (the session then counts as missing)
     */
    public ApiSessions(String baseUrl, String token, int concurrency, PrintWriter out) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("verify concurrency must be at least 1");
        }
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.token = token;
        this.concurrency = concurrency;
        this.out = out;
    }

    /** The sessions the API lists under each expected Acct-Session-Id, by Acct-Session-Id. */
    public Map<String, List<Verification.Observed>> find(List<SessionPlan.Expected> expected)
            throws InterruptedException {
        Map<String, List<Verification.Observed>> found = new ConcurrentHashMap<>();
        Semaphore permits = new Semaphore(concurrency);
        List<CompletableFuture<?>> calls = new ArrayList<>();
        for (SessionPlan.Expected session : expected) {
            permits.acquire();
            HttpRequest request = HttpRequest.newBuilder(
                            URI.create(baseUrl + "/api/sessions?status=all&pageSize=100&search="
                                    + URLEncoder.encode(session.acctSessionId(), StandardCharsets.UTF_8)))
                    .header("Authorization", "Bearer " + token)
                    .timeout(Duration.ofSeconds(30))
                    .GET()
                    .build();
            calls.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                    .whenComplete((response, error) -> {
                        permits.release();
                        if (error == null) {
                            read(session, response, found);
                        }
                    }));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new))
                .exceptionally(e -> null)
                .join();
        return found;
    }

    private void read(
            SessionPlan.Expected session,
            HttpResponse<String> response,
            Map<String, List<Verification.Observed>> found) {
        if (response.statusCode() != 200) {
            report("verify: " + session.acctSessionId() + " answered " + response.statusCode() + " " + response.body());
            return;
        }
        try {
            for (JsonNode node : json.readTree(response.body()).path("sessions")) {
                String acctSessionId = node.path("sessionId").asText();
                if (acctSessionId.equals(session.acctSessionId())) {
                    found.computeIfAbsent(acctSessionId, k -> new ArrayList<>())
                            .add(new Verification.Observed(
                                    acctSessionId,
                                    node.path("nas").path("ipAddress").asText(null),
                                    node.path("bytesIn").asLong(),
                                    node.path("bytesOut").asLong()));
                }
            }
        } catch (IOException e) {
            report("verify: unreadable answer for " + session.acctSessionId());
        }
    }

    private void report(String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }
}
