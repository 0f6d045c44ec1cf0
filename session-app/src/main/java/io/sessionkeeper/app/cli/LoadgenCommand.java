package io.sessionkeeper.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sessionkeeper.adapter.radius.codec.Authenticators;
import io.sessionkeeper.adapter.radius.loadgen.LoadGenerator;
import io.sessionkeeper.adapter.radius.loadgen.LoadgenReport;
import io.sessionkeeper.adapter.radius.loadgen.LoadgenSettings;
import io.sessionkeeper.adapter.radius.loadgen.SessionPlan;
import io.sessionkeeper.adapter.radius.loadgen.Verification;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code session-app loadgen}: a fleet of simulated NAS sending accounting to any RADIUS server on loopback, then
 * optionally a check of the final counters through this service's REST API or any database by SQL. Exit 0 when
 * nothing was lost and the check (if any) passed, 1 otherwise.
 */
@Command(
        name = "loadgen",
        mixinStandardHelpOptions = true,
        description = "RADIUS accounting load generator (loopback targets only): Start, Interims, Stop per subscriber")
final class LoadgenCommand implements Callable<Integer> {
    static final String SESSIONKEEPER_SQL = "SELECT s.acct_session_id, host(n.ip_address), s.download_octets,"
            + " s.upload_octets FROM sessions s LEFT JOIN nas n ON n.id = s.nas_id AND n.tenant_id = s.tenant_id"
            + " WHERE s.acct_session_id LIKE ?";
    static final String RADACCT_SQL = "SELECT acctsessionid, host(nasipaddress), acctoutputoctets, acctinputoctets"
            + " FROM radacct WHERE acctsessionid LIKE ?";

    @Option(names = "--server", defaultValue = "127.0.0.1:1813", description = "accounting server host:port")
    String server;

    @Option(names = "--secret", required = true, description = "shared secret of every simulated NAS")
    String secret;

    @Option(
            names = "--nas",
            defaultValue = "4",
            description = "number of NAS (source addresses 127.0.0.2, 127.0.0.3, ...) or a comma list of addresses")
    String nas;

    @Option(names = "--sockets-per-nas", defaultValue = "2", description = "UDP sockets per NAS (256 ids each)")
    int socketsPerNas;

    @Option(names = "--window", defaultValue = "256", description = "requests in flight per socket (1-256)")
    int window;

    @Option(names = "--subscribers", defaultValue = "10000", description = "sessions in the run")
    int subscribers;

    @Option(names = "--interims", defaultValue = "3", description = "Interim-Updates per session")
    int interims;

    @Option(names = "--rate", defaultValue = "0", description = "packets/s of first transmissions; 0 = open")
    int rate;

    @Option(names = "--timeout-ms", defaultValue = "2000", description = "wait before retransmitting")
    int timeoutMillis;

    @Option(names = "--retransmissions", defaultValue = "3", description = "retransmissions before a request is lost")
    int retransmissions;

    @Option(names = "--max-seconds", defaultValue = "600", description = "the run stops by itself after this")
    int maxSeconds;

    @Option(names = "--duplicates", defaultValue = "0", description = "share of requests sent twice at once (0-1)")
    double duplicates;

    @Option(names = "--reorder", defaultValue = "0", description = "share of interims sent after the next step (0-1)")
    double reorder;

    @Option(names = "--run-id", description = "prefix of the Acct-Session-Ids (default: random)")
    String runId;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the duplicate and reorder choices")
    long seed;

    @Option(names = "--verify-api", description = "base URL of the REST API to check the final counters through")
    String verifyApi;

    @Option(names = "--token", description = "bearer token for --verify-api")
    String token;

    @Option(names = "--verify-jdbc", description = "JDBC URL to check the final counters in")
    String verifyJdbc;

    @Option(names = "--db-user", defaultValue = "", description = "user for --verify-jdbc")
    String dbUser;

    @Option(names = "--db-password", defaultValue = "", description = "password for --verify-jdbc")
    String dbPassword;

    @Option(
            names = "--verify-schema",
            defaultValue = "sessionkeeper",
            description = "sessionkeeper, radacct (FreeRADIUS), or a SELECT of (acct session id, NAS address,"
                    + " download bytes, upload bytes) with one ? for the LIKE pattern of the run's ids")
    String verifySchema;

    @Option(names = "--verify-concurrency", defaultValue = "8", description = "parallel API requests when checking")
    int verifyConcurrency;

    @Override
    public Integer call() throws Exception {
        String id = runId != null ? runId : Long.toString(System.currentTimeMillis() % 2_176_782_336L, 36) + "x";
        LoadgenSettings settings = new LoadgenSettings(
                serverAddress(server),
                nasAddresses(nas),
                Authenticators.secretBytes(secret),
                new SessionPlan(id, interims),
                subscribers,
                socketsPerNas,
                window,
                rate,
                Duration.ofMillis(timeoutMillis),
                retransmissions,
                Duration.ofSeconds(maxSeconds),
                duplicates,
                reorder,
                seed);
        System.out.printf(
                Locale.ROOT,
                "loadgen run %s: %d subscribers x %d packets over %d NAS x %d sockets (window %d) to %s, rate %s%n",
                id,
                subscribers,
                settings.plan().steps(),
                settings.nasAddresses().size(),
                socketsPerNas,
                window,
                settings.server(),
                rate == 0 ? "open" : rate + "/s");
        LoadgenReport report = new LoadGenerator(settings, System.out::println).run();
        System.out.println(report.format());
        boolean ok = report.complete();
        if (verifyApi != null || verifyJdbc != null) {
            List<SessionPlan.Expected> expected = Verification.expected(settings);
            Map<String, List<Verification.Observed>> found =
                    verifyApi != null ? fromApi(expected) : fromDatabase(id + "-%");
            Verification.Result result = Verification.check(expected, found);
            System.out.println(result.format());
            ok &= result.ok();
        }
        return ok ? 0 : 1;
    }

    private Map<String, List<Verification.Observed>> fromApi(List<SessionPlan.Expected> expected)
            throws InterruptedException {
        if (token == null) {
            throw new IllegalArgumentException("--verify-api needs --token");
        }
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        ObjectMapper json = new ObjectMapper();
        Map<String, List<Verification.Observed>> found = new ConcurrentHashMap<>();
        Semaphore permits = new Semaphore(verifyConcurrency);
        List<CompletableFuture<?>> calls = new ArrayList<>();
        String base = verifyApi.replaceAll("/+$", "");
        for (SessionPlan.Expected session : expected) {
            permits.acquire();
            HttpRequest request = HttpRequest.newBuilder(
                            URI.create(base + "/api/sessions?status=all&pageSize=100&search="
                                    + URLEncoder.encode(session.acctSessionId(), StandardCharsets.UTF_8)))
                    .header("Authorization", "Bearer " + token)
                    .timeout(Duration.ofSeconds(30))
                    .GET()
                    .build();
            calls.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                    .whenComplete((response, error) -> {
                        permits.release();
                        if (error != null) {
                            return;
                        }
                        if (response.statusCode() != 200) {
                            System.out.println("verify: " + session.acctSessionId() + " answered "
                                    + response.statusCode() + " " + response.body());
                            return;
                        }
                        try {
                            for (JsonNode node : json.readTree(response.body()).path("sessions")) {
                                String acctSessionId = node.path("sessionId").asText();
                                if (acctSessionId.equals(session.acctSessionId())) {
                                    found.computeIfAbsent(acctSessionId, k -> new ArrayList<>())
                                            .add(new Verification.Observed(
                                                    acctSessionId,
                                                    node.path("nas")
                                                            .path("ipAddress")
                                                            .asText(null),
                                                    node.path("bytesIn").asLong(),
                                                    node.path("bytesOut").asLong()));
                                }
                            }
                        } catch (IOException e) {
                            System.out.println("verify: unreadable answer for " + session.acctSessionId());
                        }
                    }));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new))
                .exceptionally(e -> null)
                .join();
        return found;
    }

    private Map<String, List<Verification.Observed>> fromDatabase(String pattern) throws SQLException {
        String sql =
                switch (verifySchema) {
                    case "sessionkeeper" -> SESSIONKEEPER_SQL;
                    case "radacct" -> RADACCT_SQL;
                    default -> verifySchema;
                };
        Map<String, List<Verification.Observed>> found = new HashMap<>();
        try (Connection connection = DriverManager.getConnection(verifyJdbc, dbUser, dbPassword);
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, pattern);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    String acctSessionId = rows.getString(1);
                    found.computeIfAbsent(acctSessionId, k -> new ArrayList<>())
                            .add(new Verification.Observed(
                                    acctSessionId, rows.getString(2), rows.getLong(3), rows.getLong(4)));
                }
            }
        }
        return found;
    }

    static InetSocketAddress serverAddress(String hostPort) throws UnknownHostException {
        int colon = hostPort.lastIndexOf(':');
        String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
        int port = colon < 0 ? 1813 : Integer.parseInt(hostPort.substring(colon + 1));
        return new InetSocketAddress(InetAddress.getByName(host), port);
    }

    static List<Inet4Address> nasAddresses(String spec) throws UnknownHostException {
        List<Inet4Address> addresses = new ArrayList<>();
        if (spec.matches("\\d+")) {
            int count = Integer.parseInt(spec);
            if (count < 1 || count > 250) {
                throw new IllegalArgumentException("--nas count must be 1-250");
            }
            for (int i = 0; i < count; i++) {
                addresses.add((Inet4Address) InetAddress.getByName("127.0.0." + (2 + i)));
            }
        } else {
            for (String address : spec.split(",")) {
                InetAddress parsed = InetAddress.getByName(address.trim());
                if (!(parsed instanceof Inet4Address v4)) {
                    throw new IllegalArgumentException("IPv4 loopback addresses only: " + address);
                }
                addresses.add(v4);
            }
        }
        return addresses;
    }
}
