package io.sessionkeeper.adapter.radius.testing;

import io.sessionkeeper.adapter.radius.AccountingListener;
import io.sessionkeeper.adapter.radius.AccountingListenerSettings;
import io.sessionkeeper.domain.model.IpAddress;
import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.model.NasId;
import io.sessionkeeper.domain.model.NasVendor;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.service.AccountingPolicy;
import io.sessionkeeper.domain.service.AccountingService;
import io.sessionkeeper.domain.service.NasLookupService;
import io.sessionkeeper.domain.testing.InMemoryNasDirectory;
import io.sessionkeeper.domain.testing.InMemorySessionRepository;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The listener over the real domain services (accounting rules, NAS look-up) and the domain's in-memory fakes of
 * the repository and NAS directory, on 127.0.0.1 and an ephemeral port.
 */
public final class AccountingTestBed implements AutoCloseable {
    public static final TenantId TENANT = TenantId.of("acme");

    public final InMemorySessionRepository repository = new InMemorySessionRepository();
    public final InMemoryNasDirectory directory = new InMemoryNasDirectory();
    public final NasLookupService lookup = new NasLookupService(
            directory, Clock.systemUTC(), new NasLookupService.RefreshInterval(Duration.ofMinutes(5)));
    public final GatedTracker tracker = new GatedTracker(new AccountingService(repository, AccountingPolicy.DEFAULT));
    public final AccountingListenerCounters counters = new AccountingListenerCounters();
    private AccountingListener listener;

    public Nas register(String name, String ip, String secret) {
        return register(nas(name, ip, secret, null, false));
    }

    public Nas registerProxy(String name, String ip, String secret) {
        return register(nas(name, ip, secret, null, true));
    }

    public Nas register(Nas nas) {
        directory.save(nas);
        lookup.refresh();
        return nas;
    }

    public static Nas nas(String name, String ip, String secret, String identifier, boolean proxy) {
        return new Nas(
                NasId.random(),
                TENANT,
                name,
                IpAddress.parse(ip),
                secret,
                Nas.DEFAULT_COA_PORT,
                NasVendor.MIKROTIK,
                null,
                false,
                identifier,
                proxy);
    }

    public static AccountingListenerSettings settings() {
        return AccountingListenerSettings.defaults()
                .withBind(InetAddress.getLoopbackAddress(), 0)
                .withBatching(500, Duration.ofMillis(2));
    }

    public AccountingListener start() {
        return start(UnaryOperator.identity());
    }

    public AccountingListener start(UnaryOperator<AccountingListenerSettings> adjust) {
        listener = new AccountingListener(adjust.apply(settings()), tracker, lookup, counters, Clock.systemUTC());
        listener.start();
        return listener;
    }

    public AccountingListener listener() {
        return listener;
    }

    public int port() {
        return listener.localAddress().getPort();
    }

    public AccountingListenerCounters.Snapshot stats() {
        return counters.snapshot();
    }

    /** Waits (bounded) until the counters satisfy {@code condition}; returns the last snapshot either way. */
    public AccountingListenerCounters.Snapshot awaitStats(
            Predicate<AccountingListenerCounters.Snapshot> condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        AccountingListenerCounters.Snapshot snapshot = stats();
        while (!condition.test(snapshot) && System.nanoTime() < deadline) {
            Thread.sleep(10);
            snapshot = stats();
        }
        return snapshot;
    }

    public List<Session> sessions() {
        return repository.all();
    }

    public Optional<Session> session(String acctSessionId) {
        return sessions().stream()
                .filter(s -> s.acctSessionId().equals(acctSessionId))
                .findFirst();
    }

    @Override
    public void close() {
        if (listener != null) {
            listener.close();
        }
    }
}
