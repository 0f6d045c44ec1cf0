/**
 * A RADIUS accounting load generator that behaves like a fleet of NAS: subscribers spread over several source
 * addresses, each Start, Interim-Updates with growing 64-bit counters (gigawords), Stop; Identifiers allocated
 * per source socket, retransmission of the same octets on time-out, optional duplicates and reordering, and a
 * check of the final counters the server recorded. It speaks plain RFC 2866 and works against any accounting
 * server. Used by {@code session-app loadgen} and the benchmark scripts under {@code bench/}.
 */
package io.sessionkeeper.adapter.radius.loadgen;
