package io.sessionkeeper.loadgen;

import io.sessionkeeper.adapter.radius.codec.Authenticators;
import io.sessionkeeper.adapter.radius.codec.Radius;
import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Encodes Accounting-Requests as a MikroTik PPPoE NAS would send them, straight into octets, and signs them with
 * {@link Authenticators#signRequest}. No library and no dictionary: the load generator must stay a small share of
 * a core.
 */
public final class AccountingRequestWriter {
    private static final int SERVICE_TYPE_FRAMED = 2;
    private static final int FRAMED_PROTOCOL_PPP = 1;
    private static final int NAS_PORT_TYPE_ETHERNET = 15;
    private static final int TERMINATE_USER_REQUEST = 1;

    private final byte[] buffer = new byte[Radius.MAX_PACKET_LENGTH];
    private int position;

    /**
     * One Accounting-Request of {@code plan}'s {@code step} for {@code subscriber}.
     *
     * @param sessionSeconds Acct-Session-Time
     * @param eventTimestamp Event-Timestamp (seconds since the epoch)
     */
    public byte[] write(
            SessionPlan plan,
            int subscriber,
            int step,
            int identifier,
            Inet4Address nasAddress,
            byte[] secret,
            long sessionSeconds,
            long eventTimestamp) {
        position = Radius.HEADER_LENGTH;
        buffer[0] = (byte) Radius.ACCOUNTING_REQUEST;
        buffer[1] = (byte) identifier;
        int status = plan.statusType(step);
        integer(Radius.ACCT_STATUS_TYPE, status);
        string(Radius.ACCT_SESSION_ID, plan.acctSessionId(subscriber));
        string(Radius.USER_NAME, plan.username(subscriber));
        octets(Radius.NAS_IP_ADDRESS, nasAddress.getAddress());
        integer(Radius.NAS_PORT, subscriber);
        string(Radius.NAS_PORT_ID, "ether1");
        integer(Radius.NAS_PORT_TYPE, NAS_PORT_TYPE_ETHERNET);
        integer(Radius.SERVICE_TYPE, SERVICE_TYPE_FRAMED);
        integer(Radius.FRAMED_PROTOCOL, FRAMED_PROTOCOL_PPP);
        integer(Radius.FRAMED_IP_ADDRESS, 0x0A000000 | (subscriber & 0x00FFFFFF));
        string(Radius.CALLING_STATION_ID, mac(subscriber));
        string(Radius.CALLED_STATION_ID, "pppoe-loadgen");
        integer(Radius.ACCT_DELAY_TIME, 0);
        integer(Radius.EVENT_TIMESTAMP, eventTimestamp);
        if (step > 0) {
            long input = SessionPlan.inputOctets(subscriber, step);
            long output = SessionPlan.outputOctets(subscriber, step);
            integer(Radius.ACCT_INPUT_OCTETS, input & 0xFFFFFFFFL);
            integer(Radius.ACCT_INPUT_GIGAWORDS, input >>> 32);
            integer(Radius.ACCT_OUTPUT_OCTETS, output & 0xFFFFFFFFL);
            integer(Radius.ACCT_OUTPUT_GIGAWORDS, output >>> 32);
            integer(Radius.ACCT_INPUT_PACKETS, input / 1000);
            integer(Radius.ACCT_OUTPUT_PACKETS, output / 1000);
            integer(Radius.ACCT_SESSION_TIME, sessionSeconds);
        }
        if (status == 2) {
            integer(Radius.ACCT_TERMINATE_CAUSE, TERMINATE_USER_REQUEST);
        }
        buffer[2] = (byte) (position >>> 8);
        buffer[3] = (byte) position;
        Authenticators.signRequest(buffer, position, secret);
        return Arrays.copyOf(buffer, position);
    }

    static String mac(int subscriber) {
        return String.format(
                "02:4C:%02X:%02X:%02X:%02X",
                (subscriber >>> 24) & 0xFF, (subscriber >>> 16) & 0xFF, (subscriber >>> 8) & 0xFF, subscriber & 0xFF);
    }

    private void integer(int type, long value) {
        buffer[position++] = (byte) type;
        buffer[position++] = 6;
        buffer[position++] = (byte) (value >>> 24);
        buffer[position++] = (byte) (value >>> 16);
        buffer[position++] = (byte) (value >>> 8);
        buffer[position++] = (byte) value;
    }

    private void string(int type, String value) {
        octets(type, value.getBytes(StandardCharsets.UTF_8));
    }

    private void octets(int type, byte[] value) {
        if (value.length > Radius.MAX_ATTRIBUTE_VALUE_LENGTH) {
            throw new IllegalArgumentException("attribute " + type + " longer than 253 octets");
        }
        buffer[position++] = (byte) type;
        buffer[position++] = (byte) (value.length + 2);
        System.arraycopy(value, 0, buffer, position, value.length);
        position += value.length;
    }
}
