package io.sessionkeeper.domain.model;

import java.util.List;

/** One page of a session listing; {@code total} counts every match, not just this page. */
public record SessionPage(List<SessionView> sessions, long total, int page, int pageSize) {
    public SessionPage {
        sessions = List.copyOf(sessions);
    }
}
