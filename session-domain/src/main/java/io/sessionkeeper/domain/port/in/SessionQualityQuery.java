package io.sessionkeeper.domain.port.in;

import io.sessionkeeper.domain.model.BandwidthInterval;
import io.sessionkeeper.domain.model.InvalidValueException;
import io.sessionkeeper.domain.model.SessionId;
import io.sessionkeeper.domain.model.TenantId;
import java.time.Instant;

/**
 * A session's quality series, with the bandwidth route's rules ({@link BandwidthQuery}): interval, from and to
 * optional (null), the range defaulting to the session's life (up to now while it is open), the interval to the
 * finest giving at most 1,000 points — but never finer than the 5-minute bucket quality is measured in.
 */
public record SessionQualityQuery(
        TenantId tenant, SessionId session, BandwidthInterval interval, Instant from, Instant to) {
    public SessionQualityQuery {
        InvalidValueException.require(session != null, "id", "must not be null");
        // the bandwidth query's checks of tenant and range, in one place
        new BandwidthQuery(tenant, new BandwidthQuery.OfSession(session), interval, from, to);
        InvalidValueException.require(
                interval != BandwidthInterval.ONE_MINUTE, "interval", "quality is measured per 5 minutes: 5m or wider");
    }
}
