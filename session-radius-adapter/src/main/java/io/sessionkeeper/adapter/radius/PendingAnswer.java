package io.sessionkeeper.adapter.radius;

import io.sessionkeeper.adapter.radius.codec.AccountingRequestValues;
import io.sessionkeeper.domain.model.AccountingEvent;
import java.net.InetAddress;

/**
 * An accepted Accounting-Request waiting for the commit of its batch. It owns the end of its own story: exactly one
 * of {@link #answer} (the Accounting-Response encoded, remembered for retransmissions, sent, counted) or
 * {@link #notAnswered} (the duplicate-cache reservation released so that the NAS's retransmission is taken afresh,
 * the drop counted and, rate-limited, logged) happens, once; a second call does nothing. No other code releases a
 * reservation of an accepted packet.
 */
final class PendingAnswer implements WriterItem {
    private final AccountingEvent event;
    private final DuplicateCache.Key key;
    private final InetAddress source;
    private final int port;
    private final AccountingRequestValues request;
    private final byte[] secret;
    private final Answers answers;
    /** {@link System#nanoTime()} when the receiver accepted the request. */
    private final long acceptedNanos;

    private boolean ended;

    PendingAnswer(
            AccountingEvent event,
            DuplicateCache.Key key,
            InetAddress source,
            int port,
            AccountingRequestValues request,
            byte[] secret,
            Answers answers,
            long acceptedNanos) {
        this.event = event;
        this.key = key;
        this.source = source;
        this.port = port;
        this.request = request;
        this.secret = secret;
        this.answers = answers;
        this.acceptedNanos = acceptedNanos;
    }

    AccountingEvent event() {
        return event;
    }

    InetAddress source() {
        return source;
    }

    /** The event is recorded: answer the NAS. */
    void answer() {
        if (ended) {
            return;
        }
        ended = true;
        answers.answer(key, request, secret, source, port, acceptedNanos);
    }

    /**
     * The event is not recorded (or its answer could not be made): leave it to the NAS's retransmission.
     *
     * @param topic the log's rate-limit topic, or null not to log (the caller logs a whole batch once)
     */
    void notAnswered(DropReason reason, String topic, String message, Object... arguments) {
        if (ended) {
            return;
        }
        ended = true;
        answers.notAnswered(key, reason, topic, message, arguments);
    }
}
