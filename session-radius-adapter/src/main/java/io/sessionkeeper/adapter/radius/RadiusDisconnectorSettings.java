package io.sessionkeeper.adapter.radius;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * Tunables of the Disconnect/CoA client.
 *
 * @param bindAddress local address of its one socket ({@code 0.0.0.0}: any); a NAS that checks the request's source
 *     address needs the address it knows this service by
 * @param port local port, 0 for an ephemeral one
 * @param timeout how long to wait for an answer before retransmitting (milliseconds matter: MikroTik answers in a
 *     few)
 * @param retransmissions how many times the same packet (same Identifier and authenticator) is sent again
 * @param logInterval at most one log line per kind of problem per interval
 */
public record RadiusDisconnectorSettings(
        InetAddress bindAddress, int port, Duration timeout, int retransmissions, Duration logInterval) {

    public RadiusDisconnectorSettings {
        if (bindAddress == null) {
            throw new IllegalArgumentException("bindAddress must not be null");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535");
        }
        if (timeout == null || timeout.toMillis() < 1 || timeout.toMillis() > 60_000) {
            throw new IllegalArgumentException("timeout must be 1 ms to 60 s");
        }
        if (retransmissions < 0 || retransmissions > 10) {
            throw new IllegalArgumentException("retransmissions must be 0-10");
        }
        if (logInterval == null || logInterval.isNegative()) {
            throw new IllegalArgumentException("logInterval must not be negative");
        }
    }

    /** Any local address, ephemeral port, 1 s time-out, 2 retransmissions (3 attempts, 3 s at worst). */
    public static RadiusDisconnectorSettings defaults() {
        try {
            return new RadiusDisconnectorSettings(
                    InetAddress.getByAddress(new byte[4]), 0, Duration.ofSeconds(1), 2, Duration.ofSeconds(10));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    public RadiusDisconnectorSettings withBindAddress(InetAddress address) {
        return new RadiusDisconnectorSettings(address, port, timeout, retransmissions, logInterval);
    }

    public RadiusDisconnectorSettings withTimeout(Duration value, int retries) {
        return new RadiusDisconnectorSettings(bindAddress, port, value, retries, logInterval);
    }
}
