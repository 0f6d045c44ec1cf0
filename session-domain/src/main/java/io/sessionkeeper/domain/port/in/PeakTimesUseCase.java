package io.sessionkeeper.domain.port.in;

import io.sessionkeeper.domain.model.InvalidValueException;
import io.sessionkeeper.domain.model.NasId;
import io.sessionkeeper.domain.model.PeakTimes;
import io.sessionkeeper.domain.model.TenantId;
import java.time.ZoneId;

/** Average concurrent sessions per local hour (and weekday × hour) over whole local days. */
public interface PeakTimesUseCase {
    PeakTimes peakTimes(Query query);

    /**
     * @param days 1..90; null: 30
     * @param zone null: the tenant's time zone (UTC without one)
     * @param nasId null: all NAS
     */
    record Query(TenantId tenant, Integer days, ZoneId zone, NasId nasId) {
        public Query {
            InvalidValueException.require(tenant != null, "tenant", "must not be null");
            InvalidValueException.require(
                    days == null || (days >= 1 && days <= PeakTimes.MAX_DAYS), "days", "must be 1 to 90");
        }
    }
}
