package io.sessionkeeper.adapter.radius.codec;

/** Packet codes, attribute types and limits of RADIUS (RFC 2865, 2866, 2869, 5176) that this module uses. */
public final class Radius {
    public static final int HEADER_LENGTH = 20;
    public static final int MAX_PACKET_LENGTH = 4096;
    public static final int AUTHENTICATOR_OFFSET = 4;
    public static final int AUTHENTICATOR_LENGTH = 16;
    public static final int MAX_ATTRIBUTE_VALUE_LENGTH = 253;

    public static final int ACCOUNTING_REQUEST = 4;
    public static final int ACCOUNTING_RESPONSE = 5;
    public static final int DISCONNECT_REQUEST = 40;
    public static final int DISCONNECT_ACK = 41;
    public static final int DISCONNECT_NAK = 42;
    public static final int COA_REQUEST = 43;
    public static final int COA_ACK = 44;
    public static final int COA_NAK = 45;

    public static final int USER_NAME = 1;
    public static final int NAS_IP_ADDRESS = 4;
    public static final int NAS_PORT = 5;
    public static final int SERVICE_TYPE = 6;
    public static final int FRAMED_PROTOCOL = 7;
    public static final int FRAMED_IP_ADDRESS = 8;
    public static final int VENDOR_SPECIFIC = 26;
    public static final int CALLED_STATION_ID = 30;
    public static final int CALLING_STATION_ID = 31;
    public static final int NAS_IDENTIFIER = 32;
    public static final int PROXY_STATE = 33;
    public static final int ACCT_STATUS_TYPE = 40;
    public static final int ACCT_DELAY_TIME = 41;
    public static final int ACCT_INPUT_OCTETS = 42;
    public static final int ACCT_OUTPUT_OCTETS = 43;
    public static final int ACCT_SESSION_ID = 44;
    public static final int ACCT_SESSION_TIME = 46;
    public static final int ACCT_INPUT_PACKETS = 47;
    public static final int ACCT_OUTPUT_PACKETS = 48;
    public static final int ACCT_TERMINATE_CAUSE = 49;
    public static final int ACCT_INPUT_GIGAWORDS = 52;
    public static final int ACCT_OUTPUT_GIGAWORDS = 53;
    public static final int EVENT_TIMESTAMP = 55;
    public static final int NAS_PORT_TYPE = 61;
    public static final int ACCT_INTERIM_INTERVAL = 85;
    public static final int NAS_PORT_ID = 87;
    public static final int NAS_IPV6_ADDRESS = 95;
    public static final int FRAMED_IPV6_PREFIX = 97;
    public static final int DELEGATED_IPV6_PREFIX = 123;
    public static final int FRAMED_IPV6_ADDRESS = 168;
    public static final int ERROR_CAUSE = 101;

    public static final long VENDOR_MIKROTIK = 14988;
    public static final int MIKROTIK_GROUP = 3;
    public static final int MIKROTIK_RATE_LIMIT = 8;
    public static final int MIKROTIK_HOST_IP = 10;

    private Radius() {}

    /** The name of a packet code for logs. */
    public static String codeName(int code) {
        return switch (code) {
            case 1 -> "Access-Request";
            case 2 -> "Access-Accept";
            case 3 -> "Access-Reject";
            case ACCOUNTING_REQUEST -> "Accounting-Request";
            case ACCOUNTING_RESPONSE -> "Accounting-Response";
            case 11 -> "Access-Challenge";
            case 12 -> "Status-Server";
            case DISCONNECT_REQUEST -> "Disconnect-Request";
            case DISCONNECT_ACK -> "Disconnect-ACK";
            case DISCONNECT_NAK -> "Disconnect-NAK";
            case COA_REQUEST -> "CoA-Request";
            case COA_ACK -> "CoA-ACK";
            case COA_NAK -> "CoA-NAK";
            default -> "code " + code;
        };
    }
}
