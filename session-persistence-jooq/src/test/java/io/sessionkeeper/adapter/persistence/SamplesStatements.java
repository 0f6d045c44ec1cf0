package io.sessionkeeper.adapter.persistence;

import io.sessionkeeper.domain.model.SessionSample;
import io.sessionkeeper.domain.model.UsageSample;
import java.util.Collection;
import java.util.UUID;
import org.jooq.DSLContext;

/** Runs {@link SessionSamplesAppend}'s statements on domain samples, as a fold step runs them on queued records. */
final class SamplesStatements {
    private SamplesStatements() {}

    static void append(DSLContext tx, Collection<SessionSample> samples, boolean trustNewer) {
        SessionSamplesAppend.Step step = new SessionSamplesAppend.Step(SessionSamplesAppend.claimedUntil(tx), 500);
        for (SessionSample sample : samples) {
            UUID id = sample.session().value();
            UsageSample usage = sample.sample();
            step.add(
                    sample.tenant().value(),
                    id.getMostSignificantBits(),
                    id.getLeastSignificantBits(),
                    SessionSamplesAppend.micros(usage.at()),
                    usage.downloadOctets(),
                    usage.uploadOctets(),
                    usage.sessionTimeSeconds(),
                    SessionSamplesAppend.code(usage.kind()),
                    sample.newerThanStored());
        }
        step.execute(tx, trustNewer);
    }
}
