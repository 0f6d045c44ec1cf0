package io.sessionkeeper.domain.model;

import java.time.LocalDate;

/**
 * What an alert is about. {@code key} identifies it within its rule (a rule has at most one open alert per key):
 * the session id, the User-Name, User-Name and day, or the NAS id. The other fields say what is known of it
 * (nullable: sessionId, username, nasId, day).
 */
public record AlertSubject(
        AlertRuleType.SubjectKind kind, String key, SessionId sessionId, String username, NasId nasId, LocalDate day) {
    public AlertSubject {
        InvalidValueException.require(kind != null, "subject", "must have a kind");
        InvalidValueException.require(key != null && !key.isEmpty(), "subject", "must have a key");
    }

    public static AlertSubject session(SessionId id, String username, NasId nasId) {
        return new AlertSubject(AlertRuleType.SubjectKind.SESSION, id.toString(), id, username, nasId, null);
    }

    public static AlertSubject user(String username) {
        return new AlertSubject(AlertRuleType.SubjectKind.USER, username, null, username, null, null);
    }

    public static AlertSubject userDay(String username, LocalDate day) {
        return new AlertSubject(AlertRuleType.SubjectKind.USER_DAY, day + "/" + username, null, username, null, day);
    }

    public static AlertSubject nas(NasId nasId) {
        return new AlertSubject(AlertRuleType.SubjectKind.NAS, nasId.toString(), null, null, nasId, null);
    }
}
