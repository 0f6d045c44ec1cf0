package io.sessionkeeper.domain.testing;

import io.sessionkeeper.domain.model.SessionId;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.UsageSample;
import io.sessionkeeper.domain.port.out.UsageSamples;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The samples the {@link InMemorySessionRepository} committed, read as the PostgreSQL reader reads them. */
public final class InMemoryUsageSamples implements UsageSamples {
    private final InMemorySessionRepository repository;

    public InMemoryUsageSamples(InMemorySessionRepository repository) {
        this.repository = repository;
    }

    @Override
    public List<UsageSample> between(
            TenantId tenant, SessionId session, Instant fromInclusive, Instant toExclusive, int limit) {
        return repository.samplesOf(tenant, session).stream()
                .filter(s -> !s.at().isBefore(fromInclusive) && s.at().isBefore(toExclusive))
                .limit(limit)
                .toList();
    }

    @Override
    public List<UsageSample> covering(
            TenantId tenant, SessionId session, Instant fromInclusive, Instant toExclusive, int limit) {
        List<UsageSample> all = repository.samplesOf(tenant, session);
        List<UsageSample> result = new ArrayList<>();
        UsageSample before = null;
        UsageSample after = null;
        for (UsageSample sample : all) {
            if (sample.at().isBefore(fromInclusive)) {
                before = sample;
            } else if (sample.at().isBefore(toExclusive)) {
                if (result.size() < limit) {
                    result.add(sample);
                }
            } else if (after == null) {
                after = sample;
            }
        }
        if (before != null) {
            result.add(0, before);
        }
        if (after != null) {
            result.add(after);
        }
        return result;
    }
}
