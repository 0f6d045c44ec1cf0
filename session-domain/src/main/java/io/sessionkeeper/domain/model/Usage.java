package io.sessionkeeper.domain.model;

/**
 * Traffic of a session from the customer's point of view: download is what the customer received (the API's
 * {@code bytesIn}), upload what the customer sent ({@code bytesOut}). {@link #fromRadius} is the one place where
 * RADIUS input/output is turned into customer direction.
 */
public record Usage(long downloadOctets, long uploadOctets, long downloadPackets, long uploadPackets) {
    public static final Usage ZERO = new Usage(0, 0, 0, 0);

    public Usage {
        InvalidValueException.require(
                downloadOctets >= 0 && uploadOctets >= 0 && downloadPackets >= 0 && uploadPackets >= 0,
                "usage",
                "must not be negative");
    }

    /**
     * By RFC 2866 §5.3/5.4 Acct-Output-Octets is what the NAS sent to the user, so download = output. NAS that
     * report from the router's side instead (some hotspot scripts, pfSense) are marked {@code reversed}.
     */
    public static Usage fromRadius(RadiusCounters counters, boolean reversed) {
        if (reversed) {
            return new Usage(
                    counters.inputTotal(), counters.outputTotal(), counters.inputPackets(), counters.outputPackets());
        }
        return new Usage(
                counters.outputTotal(), counters.inputTotal(), counters.outputPackets(), counters.inputPackets());
    }

    /** Counters are cumulative for a session: the larger of each wins, so no late or zeroed packet moves them back. */
    public Usage max(Usage other) {
        return new Usage(
                Math.max(downloadOctets, other.downloadOctets),
                Math.max(uploadOctets, other.uploadOctets),
                Math.max(downloadPackets, other.downloadPackets),
                Math.max(uploadPackets, other.uploadPackets));
    }

    public long totalOctets() {
        return downloadOctets + uploadOctets;
    }
}
