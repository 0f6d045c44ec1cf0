package io.sessionkeeper.adapter.http;

import io.javalin.http.Context;
import io.sessionkeeper.domain.model.AuthenticationException;
import io.sessionkeeper.domain.model.InvalidValueException;
import io.sessionkeeper.domain.model.IpAddress;
import io.sessionkeeper.domain.model.Principal;
import io.sessionkeeper.domain.port.in.AuthenticateUseCase;
import java.util.Locale;

/** Bearer authentication of {@code /api} requests; the caller is kept on the request for the handler. */
final class Access {
    private static final String PRINCIPAL = "sessionkeeper.principal";
    private static final String SCHEME = "bearer ";

    private final AuthenticateUseCase authenticate;

    Access(AuthenticateUseCase authenticate) {
        this.authenticate = authenticate;
    }

    /** @throws AuthenticationException when the header is missing, malformed or names no token */
    Principal authenticate(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || header.isBlank()) {
            throw new AuthenticationException("an Authorization: Bearer <token> header is required");
        }
        if (header.length() <= SCHEME.length()
                || !header.substring(0, SCHEME.length())
                        .toLowerCase(Locale.ROOT)
                        .equals(SCHEME)) {
            throw new AuthenticationException("the Authorization header must be Bearer <token>");
        }
        Principal principal = authenticate
                .authenticate(header.substring(SCHEME.length()).trim())
                .withClientAddress(clientAddress(ctx));
        ctx.attribute(PRINCIPAL, principal);
        return principal;
    }

    /** The peer's address as the server saw it, for the audit; null when it is not an IP literal. */
    static IpAddress clientAddress(Context ctx) {
        String ip = ctx.ip();
        if (ip == null) {
            return null;
        }
        if (ip.startsWith("[") && ip.endsWith("]")) {
            ip = ip.substring(1, ip.length() - 1); // Jetty writes IPv6 peers in brackets
        }
        int zone = ip.indexOf('%');
        if (zone >= 0) {
            ip = ip.substring(0, zone);
        }
        try {
            return IpAddress.isLiteral(ip) ? IpAddress.parse(ip) : null;
        } catch (InvalidValueException e) {
            return null;
        }
    }

    static Principal principal(Context ctx) {
        Principal principal = ctx.attribute(PRINCIPAL);
        if (principal == null) {
            throw new IllegalStateException("route " + ctx.path() + " is not authenticated");
        }
        return principal;
    }
}
