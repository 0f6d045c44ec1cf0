package io.sessionkeeper.domain.testing;

import io.sessionkeeper.domain.model.SessionId;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.UsageSample;
import io.sessionkeeper.domain.port.out.UsageSamples;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Usage samples in memory; tests add them with {@link #add}, as accounting would write them. */
public final class InMemoryUsageSamples implements UsageSamples {
    private record Stored(TenantId tenant, SessionId session, UsageSample sample) {}

    private final List<Stored> samples = new ArrayList<>();

    public synchronized void add(TenantId tenant, SessionId session, UsageSample sample) {
        samples.add(new Stored(tenant, session, sample));
    }

    @Override
    public synchronized List<UsageSample> between(
            TenantId tenant, SessionId session, Instant fromInclusive, Instant toExclusive, int limit) {
        List<UsageSample> found = new ArrayList<>();
        samples.stream()
                .filter(s -> s.tenant().equals(tenant) && s.session().equals(session))
                .map(Stored::sample)
                .filter(s -> !s.at().isBefore(fromInclusive) && s.at().isBefore(toExclusive))
                .sorted(Comparator.comparing(UsageSample::at))
                .limit(limit)
                .forEach(found::add);
        return found;
    }
}
