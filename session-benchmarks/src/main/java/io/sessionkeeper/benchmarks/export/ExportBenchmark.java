package io.sessionkeeper.benchmarks.export;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Streams session exports from a running SessionKeeper over HTTP (bench/export.sh starts the packaged jar on a seeded
 * PostgreSQL) and reports, per run: time to the first byte of the body, time to the last, the CSV records received
 * (RFC 4180 records: a line break inside quotes does not end one) and records per second. The body is counted as it
 * arrives and thrown away: the client keeps nothing.
 *
 * <p>Arguments as name=value: url=http://127.0.0.1:18080/api/sessions/export?format=csv token=… runs=3
 * expect=1000000 (the records each run must hold, header excluded; 0: any). Exit status 0 only when every run got
 * status 200 and, with expect, exactly that many records.
 */
public final class ExportBenchmark {
    private ExportBenchmark() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            a.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        URI url = URI.create(a.getOrDefault("url", "http://127.0.0.1:18080/api/sessions/export?format=csv"));
        String token = a.get("token");
        int runs = Integer.parseInt(a.getOrDefault("runs", "3"));
        long expect = Long.parseLong(a.getOrDefault("expect", "0"));
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        boolean failed = false;
        for (int run = 1; run <= runs; run++) {
            Result r = run(client, url, token);
            System.out.printf(
                    "run %d: status %d, first byte after %.0f ms, %d records (%.1f MB) in %.2f s: %.0f records/s%n",
                    run,
                    r.status,
                    r.firstByteNanos / 1e6,
                    r.records,
                    r.bytes / 1e6,
                    r.totalNanos / 1e9,
                    r.records / (r.totalNanos / 1e9));
            failed |= r.status != 200 || (expect > 0 && r.records != expect);
        }
        System.exit(failed ? 1 : 0);
    }

    private record Result(int status, long firstByteNanos, long totalNanos, long records, long bytes) {}

    private static Result run(HttpClient client, URI url, String token) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(url)
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofMinutes(30))
                .build();
        long started = System.nanoTime();
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        long firstByte = 0;
        long bytes = 0;
        long lineEnds = 0;
        boolean quoted = false;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream body = response.body()) {
            for (int n; (n = body.read(buffer)) >= 0; ) {
                if (n == 0) {
                    continue;
                }
                if (bytes == 0) {
                    firstByte = System.nanoTime() - started;
                }
                bytes += n;
                for (int i = 0; i < n; i++) {
                    byte b = buffer[i];
                    if (b == '"') {
                        quoted = !quoted; // a doubled quote flips twice
                    } else if (b == '\n' && !quoted) {
                        lineEnds++;
                    }
                }
            }
        }
        long total = System.nanoTime() - started;
        return new Result(response.statusCode(), firstByte, total, Math.max(0, lineEnds - 1), bytes);
    }
}
