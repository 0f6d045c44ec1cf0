package io.sessionkeeper.adapter.http;

import static io.javalin.http.HandlerType.GET;

import io.javalin.http.Context;
import io.sessionkeeper.domain.model.InvalidValueException;
import io.sessionkeeper.domain.model.IpAddress;
import io.sessionkeeper.domain.model.Permission;
import io.sessionkeeper.domain.port.in.LookupAddressUseCase;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/sessions/by-ip?ip=&at=}: who held an address at an instant (issue 17). Registered before the
 * routes with an {@code {id}} under {@code /api/sessions}, so that {@code by-ip} is never taken for a session id.
 */
final class AddressRoutes {
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
        // given but empty is refused here (elsewhere an empty value counts as absent): "now" must be asked for by
        // leaving the parameter out
        String atText = Params.query(ctx, "at");
        if (atText == null && Params.queryParams(ctx).containsKey("at")) {
            atText = "";
        }
        Instant at = atText == null ? null : Params.instant("at", atText);
        String ip = Params.query(ctx, "ip");
        if (ip == null) {
            throw new InvalidValueException("ip", "is required: an IPv4 or IPv6 address");
        }
        LookupAddressUseCase.Answer answer =
                ports.history().addresses().lookup(Access.principal(ctx), IpAddress.parse("ip", ip), at);
        ctx.json(Response.from(answer));
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
