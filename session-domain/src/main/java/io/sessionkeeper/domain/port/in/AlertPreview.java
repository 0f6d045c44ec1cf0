package io.sessionkeeper.domain.port.in;

import java.time.Instant;
import java.util.List;

/**
 * What a rule would have done over {@code [from, to)}: how many alerts it would have fired ({@code fired}) and some
 * of their subjects. {@code supported} false (with {@code reason}) for rule types whose history is not stored.
 * {@code truncated}: more sessions overlapped the window than a preview reads; {@code fired} counts those read.
 */
public record AlertPreview(
        boolean supported,
        String reason,
        Instant from,
        Instant to,
        long fired,
        long sessionsExamined,
        boolean truncated,
        List<String> sampleSubjects) {
    public static final int DAYS = 7;

    public AlertPreview {
        sampleSubjects = List.copyOf(sampleSubjects);
    }

    public static AlertPreview unsupported(String reason, Instant from, Instant to) {
        return new AlertPreview(false, reason, from, to, 0, 0, false, List.of());
    }
}
