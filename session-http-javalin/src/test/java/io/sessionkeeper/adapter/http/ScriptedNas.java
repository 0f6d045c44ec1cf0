package io.sessionkeeper.adapter.http;

import io.sessionkeeper.domain.model.DisconnectResult;
import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.port.out.SessionDisconnector;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Plays the NAS side of Disconnect/CoA with an answer set by the test, and remembers what it was asked. */
final class ScriptedNas implements SessionDisconnector {
    volatile DisconnectResult answer = new DisconnectResult.Acked(1, 4);
    final List<String> requests = new CopyOnWriteArrayList<>();

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
