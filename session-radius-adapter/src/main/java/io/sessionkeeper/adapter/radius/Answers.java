package io.sessionkeeper.adapter.radius;

import io.sessionkeeper.adapter.radius.codec.AccountingRequestValues;
import io.sessionkeeper.adapter.radius.codec.AccountingResponseEncoder;
import java.net.InetAddress;

/** How a {@link PendingAnswer} ends: with the duplicate cache, the response encoder, the socket, metrics and log. */
final class Answers {
    /** Sends a datagram from the listener's socket; never throws (a failed send is logged where it happens). */
    interface Sender {
        void send(byte[] datagram, InetAddress address, int port);
    }

    private final DuplicateCache duplicates;
    private final AccountingResponseEncoder encoder = new AccountingResponseEncoder();
    private final Sender sender;
    private final AccountingListenerMetrics metrics;
    private final RateLimitedLog log;

    Answers(DuplicateCache duplicates, Sender sender, AccountingListenerMetrics metrics, RateLimitedLog log) {
        this.duplicates = duplicates;
        this.sender = sender;
        this.metrics = metrics;
        this.log = log;
    }

    void answer(
            DuplicateCache.Key key,
            AccountingRequestValues request,
            byte[] secret,
            InetAddress source,
            int port,
            long acceptedNanos) {
        byte[] response;
        try {
            response = encoder.encode(request, secret);
        } catch (RuntimeException e) {
            notAnswered(
                    key, DropReason.RESPONSE_NOT_ENCODED, "encode", "Could not encode an Accounting-Response: {}", e);
            return;
        }
        duplicates.answered(key, response);
        sender.send(response, source, port);
        metrics.answered(System.nanoTime() - acceptedNanos);
    }

    void notAnswered(DuplicateCache.Key key, DropReason reason, String topic, String message, Object... arguments) {
        duplicates.release(key);
        metrics.dropped(reason);
        if (topic != null) {
            log.warn(topic, message, arguments);
        }
    }
}
