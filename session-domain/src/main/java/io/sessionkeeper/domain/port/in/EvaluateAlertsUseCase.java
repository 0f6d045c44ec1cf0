package io.sessionkeeper.domain.port.in;

import io.sessionkeeper.domain.model.Session;
import java.util.List;

/**
 * Evaluates the tenants' alert rules. {@link #sweep} over the store is the source of truth (run it every minute,
 * on one instance at a time); {@link #evaluate} looks at sessions just committed, for prompt alerts of the rules
 * that a session alone decides (LONG_SESSION, HIGH_USAGE per session). Either fires an alert once per rule and
 * subject, on every instance together.
 */
public interface EvaluateAlertsUseCase {
    SweepResult sweep();

    /** @return how many alerts it fired (each with webhook deliveries to make, if the rule's tenant has webhooks) */
    int evaluate(List<Session> committed);

    /** What a sweep did. */
    record SweepResult(int rules, int fired, int resolved, int reminded) {}
}
