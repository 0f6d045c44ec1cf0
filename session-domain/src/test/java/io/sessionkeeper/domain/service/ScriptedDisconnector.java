package io.sessionkeeper.domain.service;

import io.sessionkeeper.domain.model.DisconnectResult;
import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.port.out.SessionDisconnector;
import java.util.ArrayList;
import java.util.List;

/** Answers with a result set by the test and remembers what it was asked (the real one is the RADIUS adapter). */
final class ScriptedDisconnector implements SessionDisconnector {
    DisconnectResult answer = new DisconnectResult.Acked(1, 3);
    final List<String> requests = new ArrayList<>();
    /** Runs while a request is "on the wire" (to look at what was recorded before it, or to let time pass). */
    Runnable onRequest = () -> {};

    @Override
    public DisconnectResult disconnect(Nas nas, Session session) {
        requests.add("disconnect " + nas.name() + " " + session.acctSessionId());
        onRequest.run();
        return answer;
    }

    @Override
    public DisconnectResult changeRateLimit(Nas nas, Session session, String rateLimit) {
        requests.add("coa " + nas.name() + " " + session.acctSessionId() + " " + rateLimit);
        onRequest.run();
        return answer;
    }
}
