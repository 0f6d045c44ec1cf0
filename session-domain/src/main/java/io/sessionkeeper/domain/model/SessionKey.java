package io.sessionkeeper.domain.model;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Identity of an accounting session as the NAS sees it, in the spirit of FreeRADIUS's acct-unique-id: a digest
 * of the attributes that together tell one NAS session from another. Acct-Session-Id alone is unique only per
 * NAS and is reused after a NAS crash; the domain tells reuse apart by time (see {@code AccountingPolicy}).
 */
public record SessionKey(UUID value) {
    public SessionKey {
        InvalidValueException.require(value != null, "sessionKey", "must not be null");
    }

    /** Derives the key; {@code null} parts count as empty. The NAS is part of the key, so equal ids on two NAS differ. */
    public static SessionKey derive(NasId nas, String username, String acctSessionId, String nasPortId, Long nasPort) {
        StringBuilder joined = new StringBuilder(96)
                .append(nas.value())
                .append('\u0000')
                .append(username == null ? "" : username)
                .append('\u0000')
                .append(acctSessionId == null ? "" : acctSessionId)
                .append('\u0000')
                .append(nasPortId == null ? "" : nasPortId)
                .append('\u0000')
                .append(nasPort == null ? "" : nasPort.toString());
        return new SessionKey(UUID.nameUUIDFromBytes(joined.toString().getBytes(StandardCharsets.UTF_8)));
    }
}
