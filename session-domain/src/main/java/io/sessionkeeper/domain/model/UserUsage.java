package io.sessionkeeper.domain.model;

/** A user's traffic over a period: bytes in customer direction and the sessions counted. */
public record UserUsage(String username, long downloadBytes, long uploadBytes, long sessions) {
    public UserUsage {
        InvalidValueException.require(username != null, "username", "must not be null");
    }

    public long totalBytes() {
        return downloadBytes + uploadBytes;
    }
}
