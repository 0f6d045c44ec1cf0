package io.sessionkeeper.adapter.http;

import static io.javalin.http.HandlerType.GET;

import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import io.sessionkeeper.adapter.http.ReadinessCheck.Readiness;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Routes without a token: health, metrics, the OpenAPI document. */
final class OpsRoutes {
    static final String OPENAPI_RESOURCE = "/io/sessionkeeper/adapter/http/openapi.json";
    private static final Logger LOG = LoggerFactory.getLogger(OpsRoutes.class);

    private final HttpHooks hooks;
    private final byte[] openApi;

    OpsRoutes(HttpHooks hooks) {
        this.hooks = hooks;
        this.openApi = openApiDocument();
    }

    List<ApiRoute> routes() {
        return List.of(
                ApiRoute.open(GET, "/health/live", ctx -> ctx.json(new Health("up", "running"))),
                ApiRoute.open(GET, "/health/ready", this::ready),
                ApiRoute.open(GET, "/metrics", this::metrics),
                ApiRoute.open(GET, "/openapi.json", ctx -> ctx.contentType("application/json")
                        .result(openApi)));
    }

    record Health(String status, String detail) {}

    private void ready(Context ctx) {
        Readiness readiness;
        try {
            readiness = hooks.readiness().check();
        } catch (RuntimeException e) {
            // a check that cannot tell is a "not ready", not an error of the API
            LOG.warn("readiness check failed", e);
            readiness = Readiness.down("readiness check failed: " + e.getClass().getSimpleName());
        }
        if (readiness == null || !readiness.ready()) {
            ctx.status(503);
            ctx.json(new Health("down", readiness == null ? "no answer" : readiness.detail()));
        } else {
            ctx.json(new Health("up", readiness.detail()));
        }
    }

    private void metrics(Context ctx) {
        MetricsScrape scrape = hooks.metricsValue().orElseThrow(() -> new NotFoundResponse("no metrics"));
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(scrape.scrape());
    }

    static byte[] openApiDocument() {
        try (InputStream in = OpsRoutes.class.getResourceAsStream(OPENAPI_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + OPENAPI_RESOURCE);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
