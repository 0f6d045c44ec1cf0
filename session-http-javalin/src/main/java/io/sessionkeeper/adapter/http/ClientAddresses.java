package io.sessionkeeper.adapter.http;

import io.javalin.http.Context;
import io.sessionkeeper.domain.model.IpAddress;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Who a request comes from, for limits per client. The TCP peer, unless the peer is a {@linkplain TrustedProxies
 * trusted proxy}: then {@code X-Forwarded-For} is read from the right (each proxy appends the address it was
 * reached from) and the first address that is not a trusted proxy is the client. Entries further left were written
 * by the client itself and are never believed. An entry that is no address where a client address should be (a
 * proxy that passes the header on instead of appending to it) leaves the last trusted hop as the client: whoever
 * wrote it cannot choose their key that way.
 *
 * <p>Keys are the address text for IPv4 and the /64 network for IPv6, which one subscriber usually holds whole.
 */
final class ClientAddresses {
    static final String FORWARDED_FOR = "X-Forwarded-For";
    /** More hops than any real chain of proxies; the rest of a longer header is not looked at. */
    private static final int MAX_HOPS = 32;

    private final TrustedProxies trusted;

    ClientAddresses(TrustedProxies trusted) {
        this.trusted = trusted;
    }

    String of(Context ctx) {
        List<String> forwardedFor =
                trusted.isEmpty() ? List.of() : Collections.list(ctx.req().getHeaders(FORWARDED_FOR));
        return of(ctx.req().getRemoteAddr(), forwardedFor);
    }

    /** The client's key, from the peer's address and the X-Forwarded-For header lines, in the order received. */
    String of(String peer, List<String> forwardedFor) {
        InetAddress client = address(peer);
        if (client == null) {
            return "unknown";
        }
        if (trusted.isEmpty() || !trusted.contains(client) || forwardedFor.isEmpty()) {
            return key(client);
        }
        List<String> hops = new ArrayList<>();
        for (String line : forwardedFor) {
            hops.addAll(Arrays.asList(line.split(",", -1)));
        }
        for (int i = hops.size() - 1; i >= Math.max(0, hops.size() - MAX_HOPS); i--) {
            InetAddress hop = address(hops.get(i));
            if (hop == null) {
                break;
            }
            client = hop;
            if (!trusted.contains(hop)) {
                break;
            }
        }
        return key(client);
    }

    /** An address literal as proxies write it ({@code 192.0.2.1}, {@code 192.0.2.1:443}, {@code [2001:db8::1]:443}). */
    static InetAddress address(String text) {
        if (text == null) {
            return null;
        }
        String literal = text.strip();
        if (literal.startsWith("[")) {
            int end = literal.indexOf(']');
            if (end < 0) {
                return null;
            }
            literal = literal.substring(1, end);
        } else if (literal.indexOf(':') > 0 && literal.indexOf(':') == literal.lastIndexOf(':')) {
            literal = literal.substring(0, literal.indexOf(':')); // IPv4 with a port
        }
        if (!IpAddress.isLiteral(literal)) {
            return null;
        }
        try {
            return InetAddress.getByName(literal); // a literal: no DNS
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static String key(InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] network = Arrays.copyOf(address.getAddress(), 16);
            Arrays.fill(network, 8, 16, (byte) 0);
            try {
                return InetAddress.getByAddress(network).getHostAddress() + "/64";
            } catch (UnknownHostException e) {
                throw new IllegalStateException("16 bytes are an IPv6 address", e);
            }
        }
        return address.getHostAddress();
    }
}
