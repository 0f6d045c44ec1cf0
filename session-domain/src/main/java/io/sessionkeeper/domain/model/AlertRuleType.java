package io.sessionkeeper.domain.model;

import java.util.Locale;

/**
 * What an alert rule watches. The threshold's unit depends on the type: seconds ({@link #LONG_SESSION},
 * {@link #STALE_SESSION}, {@link #NAS_SILENT}), bytes ({@link #HIGH_USAGE}) sessions ({@link #MULTI_SESSION}) or
 * milliseconds ({@link #QUALITY_DEGRADED}).
 */
public enum AlertRuleType {
    /** A session whose accounting shows it lasting longer than the threshold (seconds). */
    LONG_SESSION(SubjectKind.SESSION),
    /** Bytes in one session, or of one customer in one day ({@link UsagePeriod}), above the threshold. */
    HIGH_USAGE(SubjectKind.SESSION),
    /** More than the threshold open sessions of one user at once ({@link ConcurrentSessions}). */
    MULTI_SESSION(SubjectKind.USER),
    /** An open session without accounting for longer than the threshold (seconds). */
    STALE_SESSION(SubjectKind.SESSION),
    /** A NAS without accounting for longer than the threshold (seconds) ({@link NasSilence}). */
    NAS_SILENT(SubjectKind.NAS),
    /**
     * A session whose measured quality broke the rule for its last N closed 5-minute buckets in a row: p95 round
     * trip above the threshold (milliseconds), or loss above the rule's loss percentage ({@link
     * AlertRule.QualityCondition}).
     */
    QUALITY_DEGRADED(SubjectKind.SESSION);

    private final SubjectKind subjectKind;

    AlertRuleType(SubjectKind subjectKind) {
        this.subjectKind = subjectKind;
    }

    /** What an alert of this type is about (HIGH_USAGE per day: {@link SubjectKind#USER_DAY} instead). */
    public SubjectKind subjectKind(UsagePeriod period) {
        return this == HIGH_USAGE && period == UsagePeriod.DAY ? SubjectKind.USER_DAY : subjectKind;
    }

    /**
     * The type named {@code text}, case-insensitive; the specification's {@code HIGH_BANDWIDTH} is an alias of
     * {@link #HIGH_USAGE} (its threshold, 107374182400, is bytes: 100 GiB).
     */
    public static AlertRuleType parse(String text) {
        InvalidValueException.require(text != null, "type", "is required");
        String name = text.trim().toUpperCase(Locale.ROOT);
        if (name.equals("HIGH_BANDWIDTH")) {
            return HIGH_USAGE;
        }
        for (AlertRuleType type : values()) {
            if (type.name().equals(name)) {
                return type;
            }
        }
        throw new InvalidValueException(
                "type",
                "must be LONG_SESSION, HIGH_USAGE (alias HIGH_BANDWIDTH), MULTI_SESSION, STALE_SESSION, NAS_SILENT or"
                        + " QUALITY_DEGRADED");
    }

    /** What an alert is about: its subject, of which a rule has at most one open alert. */
    public enum SubjectKind {
        SESSION,
        USER,
        USER_DAY,
        NAS
    }
}
