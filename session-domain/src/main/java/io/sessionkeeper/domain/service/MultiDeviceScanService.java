package io.sessionkeeper.domain.service;

import io.sessionkeeper.domain.model.DeviceSession;
import io.sessionkeeper.domain.model.MultiDeviceRule;
import io.sessionkeeper.domain.model.MultiDeviceScan;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.port.in.ScanMultiDeviceUseCase;
import io.sessionkeeper.domain.port.out.MultiDeviceFindings;
import io.sessionkeeper.domain.port.out.SessionAnalytics;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The multi-device scan (ADR 0048): for each tenant, the candidate users ({@link SessionAnalytics}), their sessions
 * a chunk of users at a time, the rule ({@link MultiDeviceRule}) on each, and the findings stored in place of the
 * last scan's. A request then reads stored findings: at 10M sessions with every user online twice, judging per
 * request took 1.1-1.6 s (docs/benchmarks.md).
 */
@Singleton
public final class MultiDeviceScanService implements ScanMultiDeviceUseCase {
    /** Candidate users a tenant's scan judges at most; beyond, the scan says {@code truncated}. */
    static final int MAX_CANDIDATES = 200_000;

    /** Users whose sessions are read in one go: 1,000 users of 2-4 sessions is a few thousand rows. */
    static final int CHUNK = 1_000;

    /** Sessions of one candidate user read at most (its newest). */
    static final int MAX_SESSIONS_PER_USER = 200;

    private final SessionAnalytics analytics;
    private final MultiDeviceFindings findings;
    private final StaleSessionPolicy stale;
    private final MultiDevicePolicy policy;
    private final Clock clock;

    @Inject
    public MultiDeviceScanService(
            SessionAnalytics analytics,
            MultiDeviceFindings findings,
            StaleSessionPolicy stale,
            MultiDevicePolicy policy,
            Clock clock) {
        this.analytics = analytics;
        this.findings = findings;
        this.stale = stale;
        this.policy = policy;
        this.clock = clock;
    }

    @Override
    public Map<TenantId, MultiDeviceScan> scanAll() {
        Map<TenantId, MultiDeviceScan> scans = new LinkedHashMap<>();
        for (TenantId tenant : findings.tenantsToScan()) {
            scans.put(tenant, scan(tenant));
        }
        return scans;
    }

    private MultiDeviceScan scan(TenantId tenant) {
        Instant now = clock.instant();
        long began = System.nanoTime();
        Instant windowStart = now.minus(policy.window());
        List<String> users = analytics.multiDeviceCandidates(tenant, windowStart, policy.minMacs(), MAX_CANDIDATES + 1);
        boolean truncated = users.size() > MAX_CANDIDATES;
        List<String> judged = truncated ? users.subList(0, MAX_CANDIDATES) : users;
        MultiDeviceRule rule = new MultiDeviceRule(stale.threshold(), policy.minMacs());
        List<MultiDeviceRule.Finding> found = new ArrayList<>();
        for (int from = 0; from < judged.size(); from += CHUNK) {
            List<String> chunk = judged.subList(from, Math.min(judged.size(), from + CHUNK));
            Map<String, List<DeviceSession>> byUser = new LinkedHashMap<>();
            for (DeviceSession session : analytics.deviceSessions(tenant, chunk, windowStart, MAX_SESSIONS_PER_USER)) {
                byUser.computeIfAbsent(session.username(), u -> new ArrayList<>())
                        .add(session);
            }
            byUser.forEach((user, sessions) ->
                    rule.judge(user, sessions, windowStart, now).ifPresent(found::add));
        }
        MultiDeviceScan scan = new MultiDeviceScan(
                now,
                policy.window(),
                policy.minMacs(),
                judged.size(),
                truncated,
                Duration.ofNanos(System.nanoTime() - began));
        findings.replace(tenant, scan, found);
        return scan;
    }
}
