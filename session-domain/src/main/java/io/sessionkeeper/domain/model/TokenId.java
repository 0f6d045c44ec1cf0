package io.sessionkeeper.domain.model;

import java.util.UUID;

/** Public identifier of an API token (not the secret). */
public record TokenId(UUID value) {
    public TokenId {
        InvalidValueException.require(value != null, "tokenId", "must not be null");
    }

    public static TokenId random() {
        return new TokenId(UUID.randomUUID());
    }

    public static TokenId parse(String text) {
        return new TokenId(Uuids.parse("id", text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
