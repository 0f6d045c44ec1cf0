package io.sessionkeeper.app.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the service stored, read through its REST API: each session's counters by Acct-Session-Id. The NAS is not
 * marked "counters reversed", so {@code bytesIn} (download) is its Acct-Output-Octets and {@code bytesOut} its
 * Acct-Input-Octets.
 */
record StoredSessions(Map<String, Counters> bySessionId) {
    record Counters(long bytesIn, long bytesOut) {}

    /** Every session of the default tenant; waits (up to a minute) while the API answers 503 for its database. */
    static StoredSessions read(ApiClient api) throws InterruptedException {
        Map<String, Counters> sessions = new HashMap<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int page = 1;
        while (true) {
            ApiClient.Response response = api.get("/api/sessions?status=all&pageSize=100&page=" + page);
            if (response.status() == 503 && System.nanoTime() < deadline) {
                Thread.sleep(250);
                continue;
            }
            if (response.status() != 200) {
                throw new AssertionError("listing sessions: " + response.status() + " " + response.raw());
            }
            JsonNode body = response.body();
            body.get("sessions")
                    .forEach(s -> sessions.put(
                            s.get("sessionId").asText(),
                            new Counters(
                                    s.get("bytesIn").asLong(), s.get("bytesOut").asLong())));
            if ((long) page * 100 >= body.get("total").asLong()) {
                return new StoredSessions(sessions);
            }
            page++;
        }
    }

    int size() {
        return bySessionId.size();
    }

    /** The events the store does not reflect: their session is missing, or its counters are below theirs. */
    List<String> notReflecting(Collection<NasFleet.Event> events) {
        List<String> missing = new ArrayList<>();
        for (NasFleet.Event event : events) {
            Counters stored = bySessionId.get(event.subscriber.sessionId());
            if (stored == null) {
                missing.add(event + ": no such session");
            } else if (stored.bytesIn() < event.outputOctets || stored.bytesOut() < event.inputOctets) {
                missing.add(event + ": stored " + stored);
            }
        }
        return missing;
    }

    /** The sessions whose counters are not exactly those of their last event (the NAS's final word). */
    List<String> notExactly(Collection<NasFleet.Event> lastEvents) {
        List<String> wrong = new ArrayList<>();
        for (NasFleet.Event event : lastEvents) {
            Counters stored = bySessionId.get(event.subscriber.sessionId());
            if (stored == null || stored.bytesIn() != event.outputOctets || stored.bytesOut() != event.inputOctets) {
                wrong.add(event + ": stored " + stored);
            }
        }
        return wrong;
    }
}
