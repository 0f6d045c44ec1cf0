package io.sessionkeeper.adapter.http.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * Which webhook targets the service may reach: a tenant chooses the URL, so without this guard it could make the
 * service call what only the service can reach (server-side request forgery): its own API on loopback, the
 * database, other hosts of a private network, a cloud's metadata service with its credentials. A URL's host is
 * resolved and every address it gives must be public; loopback, unspecified, link-local, site-local/private (RFC
 * 1918, unique-local fc00::/7), carrier-grade NAT (100.64/10), multicast and IPv4-mapped forms of them are refused
 * unless the operator allows private targets, and the cloud metadata addresses are refused always.
 *
 * <p>The check runs when a webhook is made and again before each attempt; the JDK's client resolves the name once
 * more when it connects, so a name that changes its answer in between (DNS rebinding) is a window this does not
 * close (docs/alerts.md says so).
 */
public final class WebhookTargets {
    /** Resolves a host name to its addresses (the system resolver, or a fixed one in tests). */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private static final List<String> METADATA =
            List.of("169.254.169.254", "169.254.170.2", "100.100.100.200", "fd00:ec2:0:0:0:0:0:254");

    private final boolean allowPrivate;
    private final Resolver resolver;

    public WebhookTargets(boolean allowPrivate, Resolver resolver) {
        this.allowPrivate = allowPrivate;
        this.resolver = resolver;
    }

    public static WebhookTargets system(boolean allowPrivate) {
        return new WebhookTargets(allowPrivate, InetAddress::getAllByName);
    }

    /** Why {@code url} must not be reached, or empty when it may. */
    public Optional<String> refusal(URI url) {
        String host = url.getHost();
        if (host == null || host.isEmpty()) {
            return Optional.of("the URL names no host");
        }
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(bare);
        } catch (UnknownHostException | SecurityException e) {
            return Optional.of("its host does not resolve");
        }
        if (addresses == null || addresses.length == 0) {
            return Optional.of("its host does not resolve");
        }
        for (InetAddress address : addresses) {
            Optional<String> refused = refusal(address);
            if (refused.isPresent()) {
                return refused;
            }
        }
        return Optional.empty();
    }

    Optional<String> refusal(InetAddress address) {
        InetAddress plain = unmapped(address);
        if (METADATA.contains(plain.getHostAddress())) {
            return Optional.of("its host is a cloud metadata address, which webhooks may never reach");
        }
        if (allowPrivate) {
            return Optional.empty();
        }
        if (plain.isLoopbackAddress()
                || plain.isAnyLocalAddress()
                || plain.isLinkLocalAddress()
                || plain.isSiteLocalAddress()
                || plain.isMulticastAddress()
                || isUniqueLocal(plain)
                || isSharedAddressSpace(plain)) {
            return Optional.of("its host is a loopback, link-local or private address (" + plain.getHostAddress()
                    + "); the operator's setting SESSION_WEBHOOK_ALLOW_PRIVATE_TARGETS allows such targets");
        }
        return Optional.empty();
    }

    /** ::ffff:a.b.c.d as a.b.c.d, so that an IPv4 address cannot hide in IPv6 form. */
    private static InetAddress unmapped(InetAddress address) {
        if (address instanceof Inet6Address v6) {
            byte[] b = v6.getAddress();
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            mapped &= (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
            if (mapped) {
                try {
                    return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
                } catch (UnknownHostException e) {
                    return address;
                }
            }
        }
        return address;
    }

    /** fc00::/7. */
    private static boolean isUniqueLocal(InetAddress address) {
        return address instanceof Inet6Address && (address.getAddress()[0] & 0xfe) == 0xfc;
    }

    /** 100.64.0.0/10 (RFC 6598, carrier-grade NAT): private to a provider's network. */
    private static boolean isSharedAddressSpace(InetAddress address) {
        if (!(address instanceof Inet4Address)) {
            return false;
        }
        byte[] b = address.getAddress();
        return (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
    }
}
