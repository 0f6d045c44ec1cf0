package io.sessionkeeper.domain.model;

import java.time.Instant;
import java.util.List;

/**
 * One NAS's health: its last accounting packet, its open sessions, its last Accounting-On and Accounting-Off, its
 * accounting packets per minute over the last hour (oldest first, quiet minutes as 0) and whether it is silent
 * ({@link NasSilence}). Nullable: ipAddress, lastPacketAt, lastAccountingOn, lastAccountingOff.
 */
public record NasHealth(
        NasId id,
        String name,
        IpAddress ipAddress,
        Instant lastPacketAt,
        long activeSessions,
        Instant lastAccountingOn,
        Instant lastAccountingOff,
        List<MinutePackets> packetsPerMinute,
        boolean silent) {
    public NasHealth {
        InvalidValueException.require(id != null, "id", "must not be null");
        packetsPerMinute = List.copyOf(packetsPerMinute);
    }

    /** Packets recorded in the minute starting at {@code minute}. */
    public record MinutePackets(Instant minute, long packets) {}

    public long packetsLastHour() {
        return packetsPerMinute.stream().mapToLong(MinutePackets::packets).sum();
    }
}
