package io.sessionkeeper.domain.testing;

import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.port.out.UsageHistory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The samples of the {@link InMemorySessionRepository}, all kept; no roll-ups (everything is read from the samples). */
public final class InMemoryUsageHistory implements UsageHistory {
    private final InMemorySessionRepository repository;
    private final InMemoryUsageSamples samples;

    public InMemoryUsageHistory(InMemorySessionRepository repository) {
        this.repository = repository;
        this.samples = new InMemoryUsageSamples(repository);
    }

    @Override
    public List<SessionSamples> samples(TenantId tenant, Scope scope, Instant from, Instant to) {
        List<SessionSamples> result = new ArrayList<>();
        for (Session session : repository.all()) {
            boolean inScope;
            if (scope instanceof OfNas nas) {
                inScope = session.nasId().equals(nas.nas());
            } else if (scope instanceof OfSession one) {
                inScope = session.id().equals(one.session());
            } else {
                inScope = session.username().equals(((OfCustomer) scope).username());
            }
            if (session.tenant().equals(tenant) && inScope) {
                result.add(new SessionSamples(
                        session.id(),
                        session.stopTime(),
                        session.interimInterval(),
                        samples.covering(tenant, session.id(), from, to, Integer.MAX_VALUE)));
            }
        }
        return result;
    }

    @Override
    public List<RolledBucket> rolledUp(TenantId tenant, Scope scope, Grain grain, Instant from, Instant to) {
        return List.of();
    }

    @Override
    public Instant rolledUntil() {
        return Instant.EPOCH;
    }

    /** Nothing is dropped: every sample is kept. */
    @Override
    public Instant samplesKeptSince() {
        return Instant.EPOCH;
    }
}
