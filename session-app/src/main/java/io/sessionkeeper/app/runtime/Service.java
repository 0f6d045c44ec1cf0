package io.sessionkeeper.app.runtime;

import io.sessionkeeper.adapter.http.HttpApi;
import io.sessionkeeper.adapter.persistence.PostgresPersistence;
import io.sessionkeeper.adapter.radius.AccountingListener;
import io.sessionkeeper.adapter.radius.RadiusDisconnector;
import io.sessionkeeper.app.config.AppConfig;
import io.sessionkeeper.app.metrics.ActiveSessionsGauge;
import io.sessionkeeper.domain.port.in.BootstrapAccessUseCase;
import io.sessionkeeper.domain.port.in.IssuedToken;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running service. Starts the database side first, the API, then the RADIUS listener; stops in the
 * reverse order so that accounting already accepted is committed and answered before the database goes.
 */
@Singleton
public final class Service implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Service.class);

    private final AppConfig config;
    private final PostgresPersistence persistence;
    private final BootstrapAccessUseCase bootstrap;
    private final HttpApi http;
    private final AccountingListener listener;
    private final RadiusDisconnector disconnector;
    private final ScheduledJobs jobs;
    private final ActiveSessionsGauge activeSessions;
    private int httpPort;
    private boolean closed;

    @Inject
    public Service(
            AppConfig config,
            PostgresPersistence persistence,
            BootstrapAccessUseCase bootstrap,
            HttpApi http,
            AccountingListener listener,
            RadiusDisconnector disconnector,
            ScheduledJobs jobs,
            ActiveSessionsGauge activeSessions) {
        this.config = config;
        this.persistence = persistence;
        this.bootstrap = bootstrap;
        this.http = http;
        this.listener = listener;
        this.disconnector = disconnector;
        this.jobs = jobs;
        this.activeSessions = activeSessions;
    }

    /**
     * Starts everything and tells {@code out} where it listens and how to get a token.
     *
     * @throws StartupException when the API or the RADIUS listener cannot listen where configured
     */
    public synchronized void start(PrintStream out) {
        Optional<IssuedToken> firstToken = bootstrap.bootstrap(config.bootstrapToken());
        activeSessions.start();
        try {
            httpPort = http.start();
            listener.start();
        } catch (UncheckedIOException e) {
            // both document this as "the address cannot be bound", with a one-line message naming it
            throw new StartupException(e.getMessage(), e);
        }
        jobs.start();
        InetSocketAddress radius = listener.localAddress();
        out.printf("SessionKeeper is running%n");
        out.printf(
                "  REST API            http://%s:%d/api/sessions%n",
                config.httpBind().getHostAddress(), httpPort);
        out.printf("  dashboard           http://%s:%d/%n", config.httpBind().getHostAddress(), httpPort);
        out.printf("  RADIUS accounting   udp %s:%d%n", radius.getAddress().getHostAddress(), radius.getPort());
        out.printf("  health, metrics     /health/live  /health/ready  /metrics%n");
        out.printf("  database            %s%n", config.database());
        if (firstToken.isPresent()) {
            out.printf("%nFirst start: an all-permission API token of tenant 'default' was created.%n");
            out.printf(
                    "It is shown only this once; keep it:%n%n    %s%n%n",
                    firstToken.get().secret());
            out.printf(
                    "Use it as:  curl -H 'Authorization: Bearer <token>' http://127.0.0.1:%d/api/sessions%n", httpPort);
        } else if (config.bootstrapToken() != null) {
            out.printf("API token: the one set in SESSION_BOOTSTRAP_TOKEN (tenant 'default', all permissions)%n");
        } else {
            out.printf("API token: use one you issued before (POST /api/tokens), or set SESSION_BOOTSTRAP_TOKEN%n");
        }
        out.flush();
    }

    public int httpPort() {
        return httpPort;
    }

    public InetSocketAddress radiusAddress() {
        return listener.localAddress();
    }

    /** Stops receiving, commits and answers what was accepted, then closes the API and the database. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        LOG.info("stopping: draining accounting");
        try {
            listener.close();
        } finally {
            try {
                jobs.close();
                activeSessions.close();
                http.stop();
                disconnector.close();
            } finally {
                persistence.close();
            }
        }
        LOG.info("stopped");
    }
}
