package io.sessionkeeper.adapter.http;

import io.sessionkeeper.domain.model.InvalidValueException;
import java.util.Optional;

/** What the app plugs into the API besides the use cases. {@code metrics} is null when the app has none. */
public record HttpHooks(ReadinessCheck readiness, MetricsScrape metrics, RequestObserver observer) {
    public static final HttpHooks NONE = new HttpHooks(ReadinessCheck.ALWAYS_READY, null, RequestObserver.NONE);

    public HttpHooks {
        InvalidValueException.require(readiness != null, "readiness", "must not be null");
        InvalidValueException.require(observer != null, "observer", "must not be null");
    }

    public Optional<MetricsScrape> metricsValue() {
        return Optional.ofNullable(metrics);
    }
}
