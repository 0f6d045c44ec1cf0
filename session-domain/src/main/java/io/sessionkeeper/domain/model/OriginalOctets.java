package io.sessionkeeper.domain.model;

/**
 * The octets of User-Name and Acct-Session-Id exactly as the NAS sent them, each kept only where the text stored
 * for storage and display differs from them (invalid UTF-8 or control characters were replaced; see
 * docs/accounting-rules.md). Disconnect and CoA requests must name a session by the NAS's own octets, not by the
 * cleaned text, or the NAS would not find it. Clean values, the overwhelming majority, carry no copy: a session
 * or event whose values are all clean has no {@code OriginalOctets} at all.
 *
 * @param username User-Name as sent, or null when the stored text is its exact UTF-8
 * @param acctSessionId Acct-Session-Id as sent, or null when the stored text is its exact UTF-8
 */
public record OriginalOctets(Octets username, Octets acctSessionId) {
    public OriginalOctets {
        InvalidValueException.require(
                username != null || acctSessionId != null, "originalOctets", "must keep at least one value");
    }

    /** The original octets where any was kept, else null (the usual case: nothing to keep). */
    public static OriginalOctets ofNullable(Octets username, Octets acctSessionId) {
        return username == null && acctSessionId == null ? null : new OriginalOctets(username, acctSessionId);
    }
}
