package io.sessionkeeper.benchmarks.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Hostile traffic at a running SessionKeeper (bench/fuzz.sh starts the jar): datagrams at the accounting port,
 * then HTTP requests over every route of its /openapi.json. Exit status 0 only when no invalid datagram was
 * answered, accounting still works afterwards and no request got a 5xx.
 *
 * <p>Arguments as name=value: acct=127.0.0.1:18130 http=127.0.0.1:18080 token=… secret=… datagrams=1000000
 * requests=100000 threads=4 known=127.0.0.2 unknown=127.0.0.3 seed=1
 */
public final class FuzzBenchmark {
    private FuzzBenchmark() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            a.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        InetSocketAddress acct = address(a.getOrDefault("acct", "127.0.0.1:18130"));
        InetSocketAddress http = address(a.getOrDefault("http", "127.0.0.1:18080"));
        long seed = Long.parseLong(a.getOrDefault("seed", "1"));
        long datagrams = Long.parseLong(a.getOrDefault("datagrams", "1000000"));
        long requests = Long.parseLong(a.getOrDefault("requests", "100000"));
        boolean failed = false;

        if (datagrams > 0) {
            DatagramFuzzer udp = new DatagramFuzzer(
                    acct,
                    a.getOrDefault("known", "127.0.0.2"),
                    a.getOrDefault("unknown", "127.0.0.3"),
                    a.get("secret").getBytes(StandardCharsets.UTF_8),
                    seed,
                    () -> metric(http, "sessionkeeper_radius_packets_received_total"));
            long started = System.nanoTime();
            DatagramFuzzer.Result r = udp.run(datagrams);
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf(
                    "datagrams: %d invalid from a known NAS, %d from an unknown client, %d signed with hostile"
                            + " values in %.1f s (%.0f/s)%n",
                    r.invalidSent(),
                    r.unknownClientSent(),
                    r.signedHostileSent(),
                    seconds,
                    (r.invalidSent() + r.unknownClientSent() + r.signedHostileSent()) / seconds);
            System.out.printf(
                    "  answers to invalid datagrams: %d (must be 0); signed hostile answered: %d; clean Starts"
                            + " answered afterwards: %d of 10%n",
                    r.answersToInvalid(), r.answersToSignedHostile(), r.cleanAnsweredAfter());
            failed |= r.answersToInvalid() != 0 || r.cleanAnsweredAfter() != 10;
        }
        if (requests > 0) {
            JsonNode openApi = new ObjectMapper().readTree(get(http, "/openapi.json"));
            HttpFuzzer fuzzer = new HttpFuzzer(http, a.get("token"), openApi);
            long started = System.nanoTime();
            HttpFuzzer.Result r = fuzzer.run(requests, Integer.parseInt(a.getOrDefault("threads", "4")), seed);
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf(
                    "http: %d requests over %d operations in %.1f s (%.0f/s); by status %s%n",
                    r.requests(), r.operations(), seconds, r.requests() / seconds, r.byStatus());
            System.out.printf(
                    "  5xx: %d (must be 0); 4xx without a JSON error body: %d; connections closed without an"
                            + " answer: %d%n",
                    r.serverErrors(), r.errorsWithoutJsonBody(), r.connectionsClosedWithoutAnswer());
            r.examples().forEach(e -> System.out.println("  e.g. " + e));
            failed |= r.serverErrors() != 0;
        }
        System.out.println(failed ? "FUZZ FAILED" : "FUZZ PASSED");
        System.exit(failed ? 1 : 0);
    }

    private static long metric(InetSocketAddress http, String name) {
        String text = new String(get(http, "/metrics"), StandardCharsets.UTF_8);
        double sum = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return (long) sum;
    }

    private static byte[] get(InetSocketAddress http, String path) {
        try (RawHttp client = new RawHttp(http)) {
            byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: fuzz\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1);
            return client.exchange(request, false).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }
}
