package io.sessionkeeper.adapter.radius.codec;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import net.jradius.dictionary.Attr_AcctSessionId;
import net.jradius.dictionary.Attr_FramedIPAddress;
import net.jradius.dictionary.Attr_NASIPAddress;
import net.jradius.dictionary.Attr_NASIPv6Address;
import net.jradius.dictionary.Attr_UserName;
import net.jradius.dictionary.vsa_mikrotik.Attr_MikrotikRateLimit;
import net.jradius.packet.CoARequest;
import net.jradius.packet.DisconnectRequest;
import net.jradius.packet.RadiusRequest;

/**
 * Disconnect-Request and CoA-Request (RFC 5176) built with jradius; their answers read by {@link AttributeValues}
 * (ADR 0053). A request identifies the session as MikroTik and most NAS need: User-Name, Acct-Session-Id,
 * Framed-IP-Address (MikroTik Hotspot matches on it) and NAS-IP-Address. A Disconnect-Request never carries
 * Service-Type (RFC 5176 §3.2; FreeRADIUS NAKs one that does).
 */
public final class CoaCodec {

    /**
     * How the NAS finds the session. User-Name and Acct-Session-Id are octets, exactly as the NAS sent them (see
     * {@code OriginalOctets}): a NAS compares octets, not our cleaned text. Nullable (and left out when null or
     * empty): every component.
     */
    public record SessionIdentity(byte[] username, byte[] acctSessionId, InetAddress framedIp, InetAddress nasIp) {
        /** An identity whose User-Name and Acct-Session-Id are text, sent as UTF-8. */
        public static SessionIdentity ofText(
                String username, String acctSessionId, InetAddress framedIp, InetAddress nasIp) {
            return new SessionIdentity(utf8(username), utf8(acctSessionId), framedIp, nasIp);
        }

        private static byte[] utf8(String text) {
            return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
        }
    }

    /** An authenticated answer: its code and Error-Cause (RFC 5176 §3.5), null when absent. */
    public record Reply(int code, Long errorCause) {
        public boolean isAck() {
            return code == Radius.DISCONNECT_ACK || code == Radius.COA_ACK;
        }

        public boolean isNak() {
            return code == Radius.DISCONNECT_NAK || code == Radius.COA_NAK;
        }
    }

    public CoaCodec() {
        RadiusDictionary.ensureLoaded();
    }

    /** A signed Disconnect-Request. */
    public byte[] disconnectRequest(int identifier, SessionIdentity session, byte[] secret) {
        DisconnectRequest request = new DisconnectRequest();
        return sign(identify(request, identifier, session), secret);
    }

    /** A signed CoA-Request applying {@code rateLimit} as Mikrotik-Rate-Limit. */
    public byte[] rateLimitRequest(int identifier, SessionIdentity session, String rateLimit, byte[] secret) {
        CoARequest request = new CoARequest();
        identify(request, identifier, session);
        request.addAttribute(JradiusPacker.utf8(new Attr_MikrotikRateLimit(), rateLimit));
        return sign(request, secret);
    }

    /**
     * Reads an answer whose Response Authenticator was already verified.
     *
     * @throws MalformedPacketException when its Error-Cause cannot be read
     */
    public Reply decodeReply(RawPacket packet) throws MalformedPacketException {
        try {
            return new Reply(packet.code(), AttributeValues.of(packet).integer(Radius.ERROR_CAUSE));
        } catch (RuntimeException e) {
            throw new MalformedPacketException("Error-Cause could not be read: " + e, e);
        }
    }

    /** The code of the answers that belong to a request of {@code requestCode}. */
    public static boolean answers(int requestCode, int replyCode) {
        return switch (requestCode) {
            case Radius.DISCONNECT_REQUEST -> replyCode == Radius.DISCONNECT_ACK || replyCode == Radius.DISCONNECT_NAK;
            case Radius.COA_REQUEST -> replyCode == Radius.COA_ACK || replyCode == Radius.COA_NAK;
            default -> false;
        };
    }

    private static RadiusRequest identify(RadiusRequest request, int identifier, SessionIdentity session) {
        request.setIdentifier(identifier);
        if (session.username() != null && session.username().length > 0) {
            request.addAttribute(JradiusPacker.checkedOctets(new Attr_UserName(), session.username()));
        }
        if (session.acctSessionId() != null && session.acctSessionId().length > 0) {
            request.addAttribute(JradiusPacker.checkedOctets(new Attr_AcctSessionId(), session.acctSessionId()));
        }
        if (session.framedIp() instanceof Inet4Address framed) {
            request.addAttribute(new Attr_FramedIPAddress(framed));
        }
        if (session.nasIp() instanceof Inet4Address nas) {
            request.addAttribute(new Attr_NASIPAddress(nas));
        } else if (session.nasIp() instanceof Inet6Address nas) {
            request.addAttribute(new Attr_NASIPv6Address(nas));
        }
        return request;
    }

    private static byte[] sign(RadiusRequest request, byte[] secret) {
        byte[] octets = JradiusPacker.pack(request);
        Authenticators.signRequest(octets, octets.length, secret);
        return octets;
    }
}
