package io.sessionkeeper.domain.port.out;

import io.sessionkeeper.domain.model.IpAddress;
import io.sessionkeeper.domain.model.IpRange;
import java.util.List;

/**
 * Sends ICMP echoes to addresses and reports the answers: the active source of quality measurements (a passive
 * one pushes its own through {@link io.sessionkeeper.domain.port.in.RecordQualityUseCase}).
 *
 * <p>Rules every implementation keeps, whatever it is asked: it sends nothing to an address outside {@link
 * #ranges()} (it answers such a target with nothing sent); it sends at most {@link #echoesPerTarget()} echoes to a
 * target per call, and at most its configured number of echoes per second in all; one call at a time.
 */
public interface EchoProber {
    /** What one target answered: the round-trip times in milliseconds of the echoes answered, of {@code sent}. */
    record EchoResult(IpAddress target, int sent, List<Double> rttMillis) {
        public EchoResult {
            rttMillis = List.copyOf(rttMillis);
            if (sent < 0 || rttMillis.size() > sent) {
                throw new IllegalArgumentException("more answers than echoes");
            }
        }
    }

    /** The subscriber ranges it may probe. */
    List<IpRange> ranges();

    int echoesPerTarget();

    /** Echoes per second it sends at most, over all targets. */
    int echoesPerSecond();

    /**
     * Probes the targets; one result per target, in any order.
     *
     * @throws io.sessionkeeper.domain.model.StoreUnavailableException never; a prober that cannot run (its program
     *     missing) throws {@link IllegalStateException}
     */
    List<EchoResult> probe(List<IpAddress> targets);
}
