package io.sessionkeeper.domain.port.in;

/**
 * What a batch did: sessions created, sessions updated (including stopped), older sessions closed because a new
 * one took their place, sessions closed by Accounting-On/Off, and events ignored (no status type, a type the
 * service does not act on, or no Acct-Session-Id).
 */
public record AccountingBatchResult(int created, int updated, int superseded, int closedByNas, int ignored) {
    public static final AccountingBatchResult EMPTY = new AccountingBatchResult(0, 0, 0, 0, 0);

    public AccountingBatchResult plus(AccountingBatchResult other) {
        return new AccountingBatchResult(
                created + other.created,
                updated + other.updated,
                superseded + other.superseded,
                closedByNas + other.closedByNas,
                ignored + other.ignored);
    }
}
