package io.sessionkeeper.loadgen;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * One run of the load generator.
 *
 * @param server the accounting server (loopback only)
 * @param nasAddresses source addresses, one simulated NAS each (127.0.0.x); subscriber i belongs to NAS i mod M
 * @param socketsPerNas UDP sockets per NAS address: each has its own 256 Identifiers
 * @param windowPerSocket requests in flight per socket, at most 256
 * @param subscribers sessions in the run
 * @param rate packets per second (first transmissions), 0 = as fast as the window allows
 * @param timeout wait for an answer before retransmitting
 * @param retransmissions retransmissions before a request counts as lost
 * @param maxDuration the run stops by itself after this, whatever is left
 * @param duplicateRatio share of requests sent twice at once (same Identifier and authenticator), 0..1
 * @param reorderRatio share of interim steps sent together with the next step, the later one first, 0..1
 * @param seed for the random choices of duplicates and reordering
 */
public record LoadgenSettings(
        InetSocketAddress server,
        List<Inet4Address> nasAddresses,
        byte[] secret,
        SessionPlan plan,
        int subscribers,
        int socketsPerNas,
        int windowPerSocket,
        int rate,
        Duration timeout,
        int retransmissions,
        Duration maxDuration,
        double duplicateRatio,
        double reorderRatio,
        long seed) {
    public LoadgenSettings {
        nasAddresses = List.copyOf(nasAddresses);
        if (!server.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("load tests may target loopback addresses only: " + server);
        }
        for (Inet4Address address : nasAddresses) {
            if (!address.isLoopbackAddress()) {
                throw new IllegalArgumentException("NAS source addresses must be loopback (127.0.0.x): " + address);
            }
        }
        if (nasAddresses.isEmpty()) {
            throw new IllegalArgumentException("at least one NAS address");
        }
        if (subscribers < 1 || socketsPerNas < 1 || windowPerSocket < 1 || windowPerSocket > 256) {
            throw new IllegalArgumentException("subscribers >= 1, sockets >= 1, window 1..256");
        }
        if (rate < 0 || retransmissions < 0 || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("rate >= 0, retransmissions >= 0, timeout > 0");
        }
        if (duplicateRatio < 0 || duplicateRatio > 1 || reorderRatio < 0 || reorderRatio > 1) {
            throw new IllegalArgumentException("ratios in 0..1");
        }
    }

    public long totalRequests() {
        return (long) subscribers * plan.steps();
    }

    public Inet4Address nasOf(int subscriber) {
        return nasAddresses.get(subscriber % nasAddresses.size());
    }
}
