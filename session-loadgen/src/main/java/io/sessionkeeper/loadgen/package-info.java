/**
 * A RADIUS accounting load generator that behaves like a fleet of NAS: subscribers spread over several source
 * addresses, each Start, Interim-Updates with growing 64-bit counters (gigawords), Stop; Identifiers allocated
 * per source socket, retransmission of the same octets on time-out, optional duplicates and reordering. It speaks
 * plain RFC 2866, reuses only the RADIUS adapter's codec, and works against any accounting server on loopback.
 * Module {@code session-loadgen} (ADR 0026): its own jar, run by the benchmark scripts under {@code bench/}; no
 * production module depends on it.
 */
package io.sessionkeeper.loadgen;
