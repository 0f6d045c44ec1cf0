package io.sessionkeeper.domain.model;

import java.time.Duration;
import java.time.Instant;

/**
 * One scan of a tenant for multi-device findings: when it ran ({@code at}: the findings are as of then), with which
 * window and MAC count, how many users were candidates, whether it stopped at its cap of candidates ({@code
 * truncated}: some users were not judged) and how long it took.
 */
public record MultiDeviceScan(
        Instant at, Duration window, int minMacs, int candidates, boolean truncated, Duration took) {
    public MultiDeviceScan {
        InvalidValueException.require(at != null && window != null && took != null, "at", "must not be null");
        InvalidValueException.require(candidates >= 0, "candidates", "must not be negative");
    }
}
