package io.sessionkeeper.domain.model;

/** Acct-Status-Type (RFC 2866 §5.1, RFC 2867). Types the service does not act on are acknowledged and ignored. */
public enum AcctStatusType {
    START(1),
    STOP(2),
    INTERIM_UPDATE(3),
    ACCOUNTING_ON(7),
    ACCOUNTING_OFF(8),
    FAILED(15),
    /** Tunnel accounting (9-14), unknown values, or no Acct-Status-Type at all. */
    OTHER(0);

    private final int code;

    AcctStatusType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static AcctStatusType fromCode(long code) {
        for (AcctStatusType type : values()) {
            if (type.code == code && type != OTHER) {
                return type;
            }
        }
        return OTHER;
    }
}
