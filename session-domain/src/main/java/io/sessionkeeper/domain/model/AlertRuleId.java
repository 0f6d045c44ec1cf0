package io.sessionkeeper.domain.model;

import java.util.UUID;

/** Public, random identifier of an alert rule. */
public record AlertRuleId(UUID value) {
    public AlertRuleId {
        InvalidValueException.require(value != null, "alertRuleId", "must not be null");
    }

    public static AlertRuleId random() {
        return new AlertRuleId(UUID.randomUUID());
    }

    /** Parses the canonical 36-character form; anything else is an {@link InvalidValueException}. */
    public static AlertRuleId parse(String text) {
        return new AlertRuleId(Uuids.parse("alertRuleId", text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
