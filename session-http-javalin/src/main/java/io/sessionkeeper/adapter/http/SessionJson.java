package io.sessionkeeper.adapter.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.sessionkeeper.domain.model.ConnectionType;
import io.sessionkeeper.domain.model.Customer;
import io.sessionkeeper.domain.model.DisconnectResult;
import io.sessionkeeper.domain.model.DurationFormat;
import io.sessionkeeper.domain.model.InvalidValueException;
import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.model.NasId;
import io.sessionkeeper.domain.model.NasSessionCount;
import io.sessionkeeper.domain.model.ServicePackage;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.model.SessionPage;
import io.sessionkeeper.domain.model.SessionStatistics;
import io.sessionkeeper.domain.model.SessionView;
import io.sessionkeeper.domain.port.in.CleanupResult;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** The sessions part of the contract (spec: GET /api/sessions, /stats, /:id, POST /sync, DELETE /:id). */
final class SessionJson {
    private SessionJson() {}

    static String time(Instant instant) {
        return instant == null ? null : DateTimeFormatter.ISO_INSTANT.format(instant);
    }

    static String type(ConnectionType type) {
        return type == null ? null : type.name().toLowerCase(Locale.ROOT);
    }

    static String text(Object value) {
        return value == null ? null : value.toString();
    }

    /** customer{id,name,phone} in listings. */
    record CustomerRef(String id, String name, String phone) {
        static CustomerRef from(Customer customer) {
            return customer == null
                    ? null
                    : new CustomerRef(customer.id().toString(), customer.name(), customer.phone());
        }
    }

    /** nas{id,name,ipAddress}; name and ipAddress are null when the NAS was deleted since. */
    record NasRef(String id, String name, String ipAddress) {
        static NasRef from(NasId id, Nas nas) {
            return nas == null
                    ? new NasRef(id.toString(), null, null)
                    : new NasRef(
                            nas.id().toString(), nas.name(), nas.ipAddress().toString());
        }
    }

    /**
     * One element of {@code sessions[]}; connectionType, lastUpdate and the IPv6 address and prefixes (the last the NAS
     * sent) are additions to the spec.
     */
    record Summary(
            String id,
            String sessionId,
            String username,
            CustomerRef customer,
            NasRef nas,
            String framedIp,
            String macAddress,
            String startTime,
            String stopTime,
            String duration,
            long durationSeconds,
            long bytesIn,
            long bytesOut,
            String terminateCause,
            String connectionType,
            String lastUpdate,
            String framedIpv6Address,
            String framedIpv6Prefix,
            String delegatedIpv6Prefix) {
        static Summary from(SessionView view) {
            Session s = view.session();
            return new Summary(
                    s.id().toString(),
                    s.acctSessionId(),
                    s.username(),
                    CustomerRef.from(view.customer()),
                    NasRef.from(s.nasId(), view.nas()),
                    text(s.framedIp()),
                    text(s.macAddress()),
                    time(s.startTime()),
                    time(s.stopTime()),
                    DurationFormat.brief(view.durationSeconds()),
                    view.durationSeconds(),
                    s.usage().downloadOctets(),
                    s.usage().uploadOctets(),
                    s.terminateCause() == null ? null : s.terminateCause().name(),
                    type(s.connectionType()),
                    time(s.lastUpdate()),
                    text(s.ipv6().address()),
                    text(s.ipv6().framedPrefix()),
                    text(s.ipv6().delegatedPrefix()));
        }
    }

    record ListResponse(List<Summary> sessions, long total, int page, int pageSize) {
        static ListResponse from(SessionPage page) {
            return new ListResponse(
                    page.sessions().stream().map(Summary::from).toList(), page.total(), page.page(), page.pageSize());
        }
    }

    record PackageJson(String name, Integer downloadSpeed, Integer uploadSpeed) {
        static PackageJson from(ServicePackage p) {
            return p == null ? null : new PackageJson(p.name(), p.downloadSpeed(), p.uploadSpeed());
        }

        ServicePackage toDomain() {
            InvalidValueException.require(downloadSpeed != null, "package.downloadSpeed", "is required");
            InvalidValueException.require(uploadSpeed != null, "package.uploadSpeed", "is required");
            return new ServicePackage(name, downloadSpeed, uploadSpeed);
        }
    }

    /** customer{id,name,email,phone,package{name,downloadSpeed,uploadSpeed}} in the detail. */
    record CustomerDetail(
            String id,
            String name,
            String email,
            String phone,
            @JsonProperty("package") PackageJson servicePackage) {
        static CustomerDetail from(Customer c) {
            return c == null
                    ? null
                    : new CustomerDetail(
                            c.id().toString(), c.name(), c.email(), c.phone(), PackageJson.from(c.servicePackage()));
        }
    }

    /** GET /api/sessions/{id}; duration with seconds. connectionType, lastUpdate and the IPv6 fields are additions. */
    record Detail(
            String id,
            String sessionId,
            String username,
            CustomerDetail customer,
            NasRef nas,
            String framedIp,
            String macAddress,
            String startTime,
            String stopTime,
            String duration,
            long durationSeconds,
            long bytesIn,
            long bytesOut,
            String terminateCause,
            String connectionType,
            String lastUpdate,
            String framedIpv6Address,
            String framedIpv6Prefix,
            String delegatedIpv6Prefix) {
        static Detail from(SessionView view) {
            Session s = view.session();
            return new Detail(
                    s.id().toString(),
                    s.acctSessionId(),
                    s.username(),
                    CustomerDetail.from(view.customer()),
                    NasRef.from(s.nasId(), view.nas()),
                    text(s.framedIp()),
                    text(s.macAddress()),
                    time(s.startTime()),
                    time(s.stopTime()),
                    DurationFormat.detailed(view.durationSeconds()),
                    view.durationSeconds(),
                    s.usage().downloadOctets(),
                    s.usage().uploadOctets(),
                    s.terminateCause() == null ? null : s.terminateCause().name(),
                    type(s.connectionType()),
                    time(s.lastUpdate()),
                    text(s.ipv6().address()),
                    text(s.ipv6().framedPrefix()),
                    text(s.ipv6().delegatedPrefix()));
        }
    }

    record Started(long today, long thisWeek, long thisMonth) {}

    record NasCount(String nasId, String nasName, long count) {
        static NasCount from(NasSessionCount c) {
            return new NasCount(c.nasId().toString(), c.nasName(), c.count());
        }
    }

    record Stats(long total, long pppoe, long hotspot, Started sessions, List<NasCount> byNas) {
        static Stats from(SessionStatistics s) {
            return new Stats(
                    s.active(),
                    s.activePppoe(),
                    s.activeHotspot(),
                    new Started(s.startedToday(), s.startedLast7Days(), s.startedLast30Days()),
                    s.activeByNas().stream().map(NasCount::from).toList());
        }
    }

    record Sync(boolean success, long cleanedCount, String cutoffTime) {
        static Sync from(CleanupResult result) {
            return new Sync(true, result.cleanedCount(), time(result.cutoffTime()));
        }
    }

    /** The NAS's answer: result ack|nak|timeout|failed, errorCause (Error-Cause of a NAK), attempts, rttMs. */
    record NasAnswer(String result, Integer errorCause, int attempts, long rttMs) {
        static NasAnswer from(DisconnectResult answer) {
            if (answer == null) {
                return null;
            }
            if (answer instanceof DisconnectResult.Acked) {
                return new NasAnswer("ack", null, answer.attempts(), answer.roundTripMillis());
            }
            if (answer instanceof DisconnectResult.Nacked nak) {
                return new NasAnswer(
                        "nak", nak.errorCause() == 0 ? null : nak.errorCause(), nak.attempts(), nak.roundTripMillis());
            }
            if (answer instanceof DisconnectResult.TimedOut) {
                return new NasAnswer("timeout", null, answer.attempts(), answer.roundTripMillis());
            }
            return new NasAnswer("failed", null, answer.attempts(), answer.roundTripMillis());
        }
    }

    /** DELETE /api/sessions/{id}: {success, disconnect}; error is added when the status is not 2xx. */
    record Terminate(
            boolean success,
            NasAnswer disconnect,
            @JsonInclude(JsonInclude.Include.NON_NULL) ErrorJson.Detail error) {}

    record RateLimitRequest(String rateLimit) {}

    /** POST /api/sessions/{id}/rate-limit: {success, coa}; error is added when the status is not 2xx. */
    record RateLimitResponse(
            boolean success,
            NasAnswer coa,
            @JsonInclude(JsonInclude.Include.NON_NULL) ErrorJson.Detail error) {}
}
