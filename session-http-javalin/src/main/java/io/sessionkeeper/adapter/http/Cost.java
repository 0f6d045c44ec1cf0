package io.sessionkeeper.adapter.http;

/** What a route costs the rate limit: expensive routes (listings, exports, statistics) draw on a second, smaller bucket. */
enum Cost {
    STANDARD,
    EXPENSIVE
}
