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

    @Override
    public DisconnectResult disconnect(Nas nas, Session session) {
        requests.add("disconnect " + nas.name() + " " + session.acctSessionId());
        return answer;
    }

    @Override
    public DisconnectResult changeRateLimit(Nas nas, Session session, String rateLimit) {
        requests.add("coa " + nas.name() + " " + session.acctSessionId() + " " + rateLimit);
        return answer;
    }
}
