package io.sessionkeeper.benchmarks.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Hostile HTTP requests generated from the service's own /openapi.json: every operation, with hostile path and
 * query values, unknown parameters, malformed percent-encoding, bad UTF-8, odd methods, missing and forged tokens,
 * and bodies that are malformed, mistyped, deeply nested, huge or not JSON at all. No request may get a 5xx; an
 * error answer without a JSON body is counted too.
 */
final class HttpFuzzer {
    /** What one run sent and how the service answered. */
    record Result(
            long requests,
            int operations,
            Map<Integer, Long> byStatus,
            long serverErrors,
            long errorsWithoutJsonBody,
            long connectionsClosedWithoutAnswer,
            List<String> examples) {}

    private static final String[] HOSTILE = {
        "%00", "%00abc", "a%0Ab", "%FF%FE", "%C3%28", "%zz", "%", "%2", "..%2F..%2Fetc%2Fpasswd", "%27%20OR%201%3D1--",
        "%3Cscript%3E", "-1", "0", "99999999999999999999", "1e309", "NaN", "true", "null", "%E2%80%AE", "%F0%9F%92%A9",
        "00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff", "%20", "+", "a+b", "%u0041"
    };
    private static final String[] METHODS = {
        "GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "PROPFIND", "CONNECT", "FOO"
    };

    private final InetSocketAddress server;
    private final String token;
    private final JsonNode openApi;
    private final List<Operation> operations = new ArrayList<>();
    private final ObjectMapper json = new ObjectMapper();

    private record Operation(String method, String path, List<JsonNode> parameters, JsonNode bodySchema) {}

    HttpFuzzer(InetSocketAddress server, String token, JsonNode openApi) {
        this.server = server;
        this.token = token;
        this.openApi = openApi;
        Iterator<Map.Entry<String, JsonNode>> paths = openApi.path("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> path = paths.next();
            Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields();
            while (methods.hasNext()) {
                Map.Entry<String, JsonNode> method = methods.next();
                List<JsonNode> parameters = new ArrayList<>();
                method.getValue().path("parameters").forEach(p -> parameters.add(resolve(p)));
                path.getValue().path("parameters").forEach(p -> parameters.add(resolve(p)));
                JsonNode body = resolve(method.getValue()
                        .path("requestBody")
                        .path("content")
                        .path("application/json")
                        .path("schema"));
                operations.add(new Operation(method.getKey().toUpperCase(), path.getKey(), parameters, body));
            }
        }
    }

    int operations() {
        return operations.size();
    }

    Result run(long requests, int threads, long seed) throws InterruptedException {
        AtomicLong next = new AtomicLong();
        Map<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();
        LongAdder serverErrors = new LongAdder();
        LongAdder nonJson = new LongAdder();
        LongAdder closed = new LongAdder();
        List<String> examples = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Random random = new Random(seed + t);
            Thread worker = new Thread(
                    () -> {
                        try (RawHttp http = new RawHttp(server)) {
                            while (next.getAndIncrement() < requests) {
                                Request request = request(random);
                                RawHttp.Response response;
                                try {
                                    response = http.exchange(
                                            request.bytes(), request.method().equals("HEAD"));
                                } catch (IOException e) {
                                    closed.increment();
                                    continue;
                                }
                                if (response.status() == 0) {
                                    closed.increment();
                                    continue;
                                }
                                byStatus.computeIfAbsent(response.status(), s -> new LongAdder())
                                        .increment();
                                if (response.status() >= 500) {
                                    serverErrors.increment();
                                    example(examples, request, response);
                                } else if (response.status() >= 400
                                        && !request.method().equals("HEAD")
                                        && !isJsonError(response)) {
                                    nonJson.increment();
                                    example(examples, request, response);
                                }
                            }
                        }
                    },
                    "http-fuzz-" + t);
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            worker.join();
        }
        Map<Integer, Long> statuses = new TreeMap<>();
        byStatus.forEach((status, count) -> statuses.put(status, count.sum()));
        return new Result(
                requests,
                operations.size(),
                statuses,
                serverErrors.sum(),
                nonJson.sum(),
                closed.sum(),
                List.copyOf(examples));
    }

    private static void example(List<String> examples, Request request, RawHttp.Response response) {
        if (examples.size() < 20) {
            String head = new String(
                            request.bytes(), 0, Math.min(160, request.bytes().length), StandardCharsets.ISO_8859_1)
                    .replace("\r\n", " | ");
            examples.add(response.status() + " <- " + head);
        }
    }

    private boolean isJsonError(RawHttp.Response response) {
        try {
            return json.readTree(response.body()).path("error").path("code").isTextual();
        } catch (IOException e) {
            return false;
        }
    }

    private record Request(String method, byte[] bytes) {}

    private Request request(Random random) {
        Operation operation = operations.get(random.nextInt(operations.size()));
        String method = random.nextInt(12) == 0 ? METHODS[random.nextInt(METHODS.length)] : operation.method();
        StringBuilder target = new StringBuilder();
        for (String segment : operation.path().split("/", -1)) {
            if (segment.isEmpty()) {
                continue;
            }
            target.append('/');
            target.append(segment.startsWith("{") ? pathValue(random) : segment);
        }
        if (random.nextInt(30) == 0) {
            target.append(random.nextBoolean() ? "/extra" : "/");
        }
        List<String> query = new ArrayList<>();
        for (JsonNode parameter : operation.parameters()) {
            if ("query".equals(parameter.path("in").asText()) && random.nextInt(3) != 0) {
                query.add(parameter.path("name").asText() + "=" + queryValue(random, parameter));
            }
        }
        if (random.nextInt(10) == 0) {
            query.add(random.nextBoolean() ? "unknown=1" : HOSTILE[random.nextInt(HOSTILE.length)] + "=x");
        }
        if (random.nextInt(20) == 0) {
            query.add(query.isEmpty() ? "page=1" : query.get(0)); // repeated parameter
        }
        if (!query.isEmpty()) {
            target.append('?').append(String.join("&", query));
        }
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes((method + " ").getBytes(StandardCharsets.ISO_8859_1));
        request.writeBytes(target.toString().getBytes(StandardCharsets.UTF_8));
        if (random.nextInt(40) == 0) {
            request.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28}); // raw invalid UTF-8 in the target
        }
        request.writeBytes(" HTTP/1.1\r\nHost: fuzz\r\n".getBytes(StandardCharsets.ISO_8859_1));
        int auth = random.nextInt(10);
        if (auth < 7) {
            header(request, "Authorization", "Bearer " + token);
        } else if (auth == 7) {
            header(request, "Authorization", "Bearer sk_" + Long.toHexString(random.nextLong()) + "forged0123456789");
        } else if (auth == 8) {
            header(request, "Authorization", random.nextBoolean() ? "Basic YWRtaW46YWRtaW4=" : "Bearer");
        }
        if (random.nextInt(20) == 0) {
            header(request, "X-Forwarded-For", "127.0.0." + random.nextInt(256) + ", 10.0.0.1");
        }
        byte[] body = bodyFor(random, operation, method);
        if (body != null) {
            int type = random.nextInt(10);
            header(
                    request,
                    "Content-Type",
                    type < 7
                            ? "application/json"
                            : type == 7
                                    ? "text/plain"
                                    : type == 8
                                            ? "application/x-www-form-urlencoded"
                                            : "application/json; charset=latin1");
            header(request, "Content-Length", Integer.toString(body.length));
        }
        request.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) {
            request.writeBytes(body);
        }
        return new Request(method, request.toByteArray());
    }

    private static void header(ByteArrayOutputStream out, String name, String value) {
        out.writeBytes((name + ": " + value + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String pathValue(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> java.util.UUID.randomUUID().toString();
            case 1 -> "x".repeat(1 + random.nextInt(3000));
            default -> HOSTILE[random.nextInt(HOSTILE.length)];
        };
    }

    private static String queryValue(Random random, JsonNode parameter) {
        JsonNode schema = parameter.path("schema");
        if (random.nextInt(3) == 0 && schema.has("enum")) {
            JsonNode values = schema.path("enum");
            return values.get(random.nextInt(values.size())).asText();
        }
        if (random.nextInt(4) == 0 && "integer".equals(schema.path("type").asText())) {
            return Integer.toString(random.nextInt(400) - 100);
        }
        if (random.nextInt(8) == 0) {
            return "a".repeat(random.nextInt(10_000));
        }
        return HOSTILE[random.nextInt(HOSTILE.length)];
    }

    private byte[] bodyFor(Random random, Operation operation, String method) {
        boolean wantsBody =
                operation.bodySchema() != null && !operation.bodySchema().isMissingNode();
        if (!wantsBody && random.nextInt(10) != 0) {
            return null;
        }
        return switch (random.nextInt(10)) {
            case 0 -> "{\"a\":".getBytes(StandardCharsets.UTF_8);
            case 1 -> ("[".repeat(2000) + "]".repeat(2000)).getBytes(StandardCharsets.UTF_8);
            case 2 -> {
                byte[] b = new byte[random.nextInt(2000)];
                random.nextBytes(b);
                yield b;
            }
            case 3 -> ("{\"name\":\"" + "x".repeat(200_000) + "\"}").getBytes(StandardCharsets.UTF_8);
            default -> objectFor(random, operation.bodySchema());
        };
    }

    /** An object with the schema's own property names and hostile or mistyped values. */
    private byte[] objectFor(Random random, JsonNode schema) {
        StringBuilder body = new StringBuilder("{");
        List<String> names = new ArrayList<>();
        schema.path("properties").fieldNames().forEachRemaining(names::add);
        if (names.isEmpty() || random.nextInt(10) == 0) {
            names.add(random.nextBoolean() ? "unknownField" : "__proto__");
        }
        boolean first = true;
        for (String name : names) {
            if (random.nextInt(4) == 0) {
                continue;
            }
            if (!first) {
                body.append(',');
            }
            first = false;
            body.append('"')
                    .append(name)
                    .append("\":")
                    .append(jsonValue(random, schema.path("properties").path(name)));
        }
        return body.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String jsonValue(Random random, JsonNode property) {
        String type = property.path("type").asText();
        int pick = random.nextInt(10);
        if (pick < 3) {
            return switch (type) {
                case "integer" -> Long.toString(random.nextLong() % 100_000);
                case "boolean" -> Boolean.toString(random.nextBoolean());
                case "array" -> "[\"dashboard:active_sessions\",\"tenants:manage\",\"*\"]";
                default -> "\"10.0.0." + random.nextInt(256) + "\"";
            };
        }
        return switch (pick) {
            case 3 -> "\"a\\u0000b\"";
            case 4 -> "\"\\u001b[31m\\r\\n<img src=x onerror=alert(1)>\"";
            case 5 -> "\"" + "y".repeat(random.nextInt(70_000)) + "\"";
            case 6 -> "null";
            case 7 -> "{\"nested\":[1,2,{\"x\":null}]}";
            case 8 -> "1e99999";
            default -> "\"\\ud800\"";
        };
    }

    private JsonNode resolve(JsonNode node) {
        String ref = node.path("$ref").asText("");
        if (ref.startsWith("#/")) {
            JsonNode target = openApi;
            for (String part : ref.substring(2).split("/")) {
                target = target.path(part);
            }
            return target;
        }
        return node;
    }
}
