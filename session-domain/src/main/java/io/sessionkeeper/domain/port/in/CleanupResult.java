package io.sessionkeeper.domain.port.in;

import java.time.Instant;

/** How many sessions were closed, and the cut-off: sessions last seen before it were stale. */
public record CleanupResult(long cleanedCount, Instant cutoffTime) {}
