package io.sessionkeeper.domain.port.out;

import io.sessionkeeper.domain.model.InvalidValueException;
import io.sessionkeeper.domain.model.IpAddress;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.TokenId;
import java.time.Instant;

/**
 * The record of every "who had this address" look-up: such a question names a subscriber to someone outside the ISP
 * (an abuse desk, an authority), so each one is kept — who asked, from where, what, when, and how many sessions it
 * named. Written before the answer leaves: a look-up whose record cannot be written is not answered.
 */
public interface AddressLookupAudit {
    void record(Entry entry);

    /**
     * @param token the asking token (null for the service itself)
     * @param clientAddress the asking client's address when the adapter knows it
     * @param address the address asked about
     * @param at the instant asked about
     * @param askedAt when it was asked
     * @param found how many sessions the answer named
     */
    record Entry(
            TenantId tenant,
            TokenId token,
            IpAddress clientAddress,
            IpAddress address,
            Instant at,
            Instant askedAt,
            int found) {
        public Entry {
            InvalidValueException.require(tenant != null, "tenant", "must not be null");
            InvalidValueException.require(address != null, "ip", "must not be null");
            InvalidValueException.require(at != null && askedAt != null, "at", "must not be null");
        }
    }
}
