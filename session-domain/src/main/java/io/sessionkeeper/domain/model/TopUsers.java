package io.sessionkeeper.domain.model;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** The users with the most traffic in a period, most first. */
public record TopUsers(Period period, Instant from, Instant to, List<UserUsage> users) {
    public TopUsers {
        users = List.copyOf(users);
    }

    /** {@code today} (since the local midnight), the last 7 or 30 days. */
    public enum Period {
        TODAY("today"),
        DAYS_7("7d"),
        DAYS_30("30d");

        private final String code;

        Period(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        public static Period parse(String text) {
            if (text != null) {
                String wanted = text.trim().toLowerCase(Locale.ROOT);
                for (Period p : values()) {
                    if (p.code.equals(wanted)) {
                        return p;
                    }
                }
            }
            throw new InvalidValueException("period", "must be today, 7d or 30d");
        }
    }
}
