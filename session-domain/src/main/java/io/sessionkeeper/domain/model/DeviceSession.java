package io.sessionkeeper.domain.model;

import java.time.Instant;

/** What multi-device detection looks at in a session. Nullable: ip, mac, stopTime. */
public record DeviceSession(
        SessionId id,
        String username,
        NasId nasId,
        IpAddress ip,
        MacAddress mac,
        Instant startTime,
        Instant lastUpdate,
        Instant stopTime) {
    public DeviceSession {
        InvalidValueException.require(id != null, "id", "must not be null");
        InvalidValueException.require(username != null, "username", "must not be null");
        InvalidValueException.require(nasId != null, "nasId", "must not be null");
        InvalidValueException.require(startTime != null && lastUpdate != null, "startTime", "must not be null");
    }

    public static DeviceSession of(Session session) {
        return new DeviceSession(
                session.id(),
                session.username(),
                session.nasId(),
                session.framedIp(),
                session.macAddress(),
                session.startTime(),
                session.lastUpdate(),
                session.stopTime());
    }

    /**
     * Whether the MAC is locally administered (the second-least-significant bit of its first octet): the random
     * addresses phones and laptops make per network or per day, so a new one says little about a new device.
     */
    public static boolean isRandomized(MacAddress mac) {
        return (Integer.parseInt(mac.value().substring(0, 2), 16) & 0x02) != 0;
    }
}
