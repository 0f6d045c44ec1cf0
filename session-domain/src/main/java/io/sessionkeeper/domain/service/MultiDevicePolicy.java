package io.sessionkeeper.domain.service;

import io.sessionkeeper.domain.model.InvalidValueException;
import java.time.Duration;

/**
 * The operator's parameters of multi-device detection ({@code MultiDeviceRule}): {@code MANY_MACS} is {@code minMacs}
 * or more universally administered MACs in the last {@code window}. One setting for the whole service, because
 * findings are made by the scan (ADR 0048), not per request.
 */
public record MultiDevicePolicy(Duration window, int minMacs) {
    public static final MultiDevicePolicy DEFAULT = new MultiDevicePolicy(Duration.ofHours(24), 3);

    public MultiDevicePolicy {
        InvalidValueException.require(
                window != null
                        && window.compareTo(Duration.ofHours(1)) >= 0
                        && window.compareTo(Duration.ofDays(7)) <= 0,
                "multiDeviceWindow",
                "must be 1 hour to 7 days");
        InvalidValueException.require(minMacs >= 2 && minMacs <= 100, "multiDeviceMinMacs", "must be 2 to 100");
    }
}
