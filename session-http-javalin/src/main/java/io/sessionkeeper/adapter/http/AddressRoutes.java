package io.sessionkeeper.adapter.http;

import static io.javalin.http.HandlerType.GET;

import io.javalin.http.Context;
import io.sessionkeeper.domain.model.InvalidValueException;
import io.sessionkeeper.domain.model.IpAddress;
import io.sessionkeeper.domain.model.Permission;
import io.sessionkeeper.domain.port.in.LookupAddressUseCase;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * {@code GET /api/sessions/by-ip?ip=&at=}: who held an address at an instant (issue 17). Registered before the
 * routes with an {@code {id}} under {@code /api/sessions}, so that {@code by-ip} is never taken for a session id.
 */
final class AddressRoutes {
    /** {@code 2026-01-04T13:00:00.000000000+00:00}: nanoseconds and an offset, the longest instant taken. */
    private static final int MAX_INSTANT = 35;

    private final DrivingPorts ports;

    AddressRoutes(DrivingPorts ports) {
        this.ports = ports;
    }

    List<ApiRoute> routes() {
        return List.of(ApiRoute.secured(GET, "/api/sessions/by-ip", Permission.SESSIONS_LOOKUP, this::byIp)
                .query("ip", "at")
                .expensive());
    }

    private void byIp(Context ctx) {
        Instant at = instant(Params.query(ctx, "at"), Params.queryParams(ctx).containsKey("at"));
        String ip = Params.query(ctx, "ip");
        if (ip == null) {
            throw new InvalidValueException("ip", "is required: an IPv4 or IPv6 address");
        }
        LookupAddressUseCase.Answer answer =
                ports.history().addresses().lookup(Access.principal(ctx), IpAddress.parse("ip", ip), at);
        ctx.json(Response.from(answer));
    }

    /** An ISO-8601 instant with its offset, or null when absent (then: now); given empty, it is refused. */
    private static Instant instant(String text, boolean given) {
        if (text == null && !given) {
            return null;
        }
        try {
            if (text != null && text.length() <= MAX_INSTANT) {
                return OffsetDateTime.parse(text).toInstant();
            }
        } catch (DateTimeParseException e) {
            // the same answer as a text too long to be one
        }
        throw new InvalidValueException("at", "must be an ISO-8601 instant with an offset, e.g. 2026-01-04T10:00:00Z");
    }

    /** The question as answered and the sessions that held the address then, each as listed plus its stretch. */
    record Response(String ip, String at, List<Holder> sessions, boolean truncated) {
        static Response from(LookupAddressUseCase.Answer answer) {
            return new Response(
                    answer.address().toString(),
                    SessionJson.time(answer.at()),
                    answer.holders().stream().map(Holder::from).toList(),
                    answer.truncated());
        }
    }

    /** A session as {@code GET /api/sessions} lists it, with the stretch it held the address over. */
    record Holder(SessionJson.Summary session, String heldFrom, String heldUntil) {
        static Holder from(LookupAddressUseCase.Holder holder) {
            return new Holder(
                    SessionJson.Summary.from(holder.view()),
                    SessionJson.time(holder.heldFrom()),
                    SessionJson.time(holder.heldUntil()));
        }
    }
}
