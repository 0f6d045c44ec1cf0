package io.sessionkeeper.app.runtime;

/**
 * When the webhook workers look for due deliveries: at once after a round that found work or after a {@link #signal}
 * (an alert fired, resolved or reminded in this instance), else after a wait that doubles from {@code shortest} to
 * {@code longest} while rounds find nothing. Idle, two workers made four queries a second each instance with a fixed
 * half-second poll; backing off to five seconds makes that under half a query a second, and an alert of this
 * instance is still delivered at once. A retry that falls due (or another instance's delivery this one may take)
 * waits at most {@code longest}.
 */
final class DeliveryWakeUp {
    private final long shortest;
    private final long longest;
    private long signals;

    DeliveryWakeUp(long shortestMillis, long longestMillis) {
        this.shortest = shortestMillis;
        this.longest = longestMillis;
    }

    /** There may be deliveries to make now: waiting workers look at once. */
    synchronized void signal() {
        signals++;
        notifyAll();
    }

    /** A worker's state: how long it waits next, and the signals it has seen. */
    final class Idle {
        private long wait = shortest;
        private long seen;

        Idle() {
            synchronized (DeliveryWakeUp.this) {
                seen = signals;
            }
        }

        /** The round found work: the next round follows at once and a later idle wait starts short. */
        void busy() {
            wait = shortest;
        }

        /**
         * The round found nothing: waits until a signal not yet seen, or for the current wait, which then doubles (at
         * most {@code longest}); a signal resets it.
         *
         * @return true when woken by a signal
         */
        boolean await() throws InterruptedException {
            synchronized (DeliveryWakeUp.this) {
                long deadline = System.nanoTime() + wait * 1_000_000;
                while (signals == seen) {
                    long left = (deadline - System.nanoTime()) / 1_000_000;
                    if (left <= 0) {
                        wait = Math.min(longest, wait * 2);
                        return false;
                    }
                    DeliveryWakeUp.this.wait(left);
                }
                seen = signals;
                wait = shortest;
                return true;
            }
        }

        long nextWaitMillis() {
            return wait;
        }
    }
}
