package io.sessionkeeper.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sessionkeeper.adapter.http.webhook.JdkWebhookSender;
import io.sessionkeeper.adapter.http.webhook.WebhookTargets;
import io.sessionkeeper.adapter.persistence.PostgresPersistence;
import io.sessionkeeper.adapter.persistence.TestDatabase;
import io.sessionkeeper.domain.model.AccountingEvent;
import io.sessionkeeper.domain.model.Customer;
import io.sessionkeeper.domain.model.Grant;
import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.model.Permission;
import io.sessionkeeper.domain.model.Principal;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.port.in.IssueTokenCommand;
import io.sessionkeeper.domain.port.in.TrackAccountingCommand;
import io.sessionkeeper.domain.port.out.AddressHistory;
import io.sessionkeeper.domain.port.out.AddressLookupAudit;
import io.sessionkeeper.domain.port.out.AlertFacts;
import io.sessionkeeper.domain.port.out.AlertRules;
import io.sessionkeeper.domain.port.out.Alerts;
import io.sessionkeeper.domain.port.out.ApiTokenStore;
import io.sessionkeeper.domain.port.out.CustomerDirectory;
import io.sessionkeeper.domain.port.out.ExportAuditLog;
import io.sessionkeeper.domain.port.out.MultiDeviceFindings;
import io.sessionkeeper.domain.port.out.NasDirectory;
import io.sessionkeeper.domain.port.out.QualityStore;
import io.sessionkeeper.domain.port.out.SessionAnalytics;
import io.sessionkeeper.domain.port.out.SessionEvents;
import io.sessionkeeper.domain.port.out.SessionExportReader;
import io.sessionkeeper.domain.port.out.SessionFilter;
import io.sessionkeeper.domain.port.out.SessionRepository;
import io.sessionkeeper.domain.port.out.TenantDirectory;
import io.sessionkeeper.domain.port.out.UsageHistory;
import io.sessionkeeper.domain.port.out.UsageSamples;
import io.sessionkeeper.domain.port.out.WebhookSender;
import io.sessionkeeper.domain.port.out.Webhooks;
import io.sessionkeeper.domain.service.AccessService;
import io.sessionkeeper.domain.service.AccountingPolicy;
import io.sessionkeeper.domain.service.AccountingService;
import io.sessionkeeper.domain.service.AddressLookupService;
import io.sessionkeeper.domain.service.AlertPolicy;
import io.sessionkeeper.domain.service.AlertRuleService;
import io.sessionkeeper.domain.service.AnalyticsService;
import io.sessionkeeper.domain.service.BandwidthService;
import io.sessionkeeper.domain.service.CachingApiTokenStore;
import io.sessionkeeper.domain.service.CustomerAdminService;
import io.sessionkeeper.domain.service.MultiDevicePolicy;
import io.sessionkeeper.domain.service.MultiDeviceScanService;
import io.sessionkeeper.domain.service.NasAdminService;
import io.sessionkeeper.domain.service.NasLookupService;
import io.sessionkeeper.domain.service.QualityPolicy;
import io.sessionkeeper.domain.service.QualityService;
import io.sessionkeeper.domain.service.SessionExportService;
import io.sessionkeeper.domain.service.SessionQueryService;
import io.sessionkeeper.domain.service.SessionTimelineService;
import io.sessionkeeper.domain.service.StaleSessionCleanupService;
import io.sessionkeeper.domain.service.StaleSessionPolicy;
import io.sessionkeeper.domain.service.TerminateSessionService;
import io.sessionkeeper.domain.service.WebhookAdminService;
import io.sessionkeeper.domain.testing.Fixtures;
import io.sessionkeeper.domain.testing.InMemoryAddressHistory;
import io.sessionkeeper.domain.testing.InMemoryAlertFacts;
import io.sessionkeeper.domain.testing.InMemoryAlertRules;
import io.sessionkeeper.domain.testing.InMemoryAlerting;
import io.sessionkeeper.domain.testing.InMemoryApiTokenStore;
import io.sessionkeeper.domain.testing.InMemoryCustomerDirectory;
import io.sessionkeeper.domain.testing.InMemoryExportAuditLog;
import io.sessionkeeper.domain.testing.InMemoryMultiDeviceFindings;
import io.sessionkeeper.domain.testing.InMemoryNasDirectory;
import io.sessionkeeper.domain.testing.InMemoryQualityStore;
import io.sessionkeeper.domain.testing.InMemorySessionAnalytics;
import io.sessionkeeper.domain.testing.InMemorySessionExportReader;
import io.sessionkeeper.domain.testing.InMemorySessionRepository;
import io.sessionkeeper.domain.testing.InMemoryTenantDirectory;
import io.sessionkeeper.domain.testing.InMemoryUsageHistory;
import io.sessionkeeper.domain.testing.InMemoryUsageSamples;
import io.sessionkeeper.domain.testing.MutableClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ForkJoinPool;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Assumptions;

/**
 * The API over real HTTP, wired with the real domain services, a hand-moved clock and a scripted NAS. Sessions come
 * into being through accounting events, as in production.
 *
 * <p>The driven ports are the domain's in-memory fakes, or PostgreSQL when the system property
 * {@value #STORAGE_PROPERTY} is {@code postgres} (the build runs the suite both ways): the shared test database of
 * session-persistence-jooq ({@link TestDatabase}), emptied when a harness starts. So under PostgreSQL one harness at
 * a time holds data: a second harness empties the database of the first.
 */
final class ApiHarness implements AutoCloseable {
    static final String STORAGE_PROPERTY = "sessionkeeper.test.storage";
    static final Storage STORAGE = Storage.fromSystemProperty();
    static final TenantId ACME = Fixtures.TENANT;
    static final TenantId GLOBEX = Fixtures.OTHER_TENANT;
    static final Instant NOW = Instant.parse("2026-01-04T14:00:00Z");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    // One client per harness, so that no pooled connection outlives the server it was opened to.
    private volatile HttpClient client = newClient();

    private static HttpClient newClient() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Where the harness stores: {@code memory} (the domain's fakes, the default) or {@code postgres}. */
    enum Storage {
        MEMORY,
        POSTGRES;

        static Storage fromSystemProperty() {
            String value = System.getProperty(STORAGE_PROPERTY, "memory");
            return switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "", "memory" -> MEMORY;
                case "postgres" -> POSTGRES;
                default ->
                    throw new IllegalArgumentException(STORAGE_PROPERTY + " must be memory or postgres, not " + value);
            };
        }
    }

    /**
     * The persistence of this JVM over the shared test database, opened once (the database is migrated by
     * {@link TestDatabase}): its connections stay warm from one harness to the next (a pool per harness, with new
     * server processes each time, made the PostgreSQL run about twice as slow). The JVM's end closes the database.
     */
    private static PostgresPersistence postgres;

    private static synchronized PostgresPersistence postgres() {
        if (postgres == null) {
            postgres = PostgresPersistence.open(
                    TestDatabase.get().asExternal(), TestDatabase.get().keys(), false);
        }
        return postgres;
    }

    /** The driven ports over one storage. */
    private record Stores(
            SessionRepository sessions,
            NasDirectory nasDirectory,
            CustomerDirectory customers,
            TenantDirectory tenants,
            ApiTokenStore tokenStore,
            SessionExportReader exportReader,
            ExportAuditLog exportAudit,
            SessionEvents sessionEvents,
            UsageSamples usageSamples,
            UsageHistory usageHistory,
            AlertRules alertRules,
            Alerts alerts,
            Webhooks webhooks,
            AlertFacts alertFacts,
            QualityStore quality,
            SessionAnalytics analytics,
            MultiDeviceFindings multiDeviceFindings,
            AddressHistory addressHistory,
            AddressLookupAudit addressAudit) {
        static Stores open(Storage storage, java.time.Clock clock) {
            if (storage == Storage.POSTGRES) {
                PostgresPersistence persistence = postgres();
                TestDatabase.get().truncate();
                return new Stores(
                        persistence.sessionRepository(),
                        persistence.nasDirectory(),
                        persistence.customerDirectory(),
                        persistence.tenantDirectory(),
                        persistence.apiTokenStore(),
                        persistence.sessionExportReader(),
                        persistence.exportAuditLog(),
                        persistence.sessionEvents(),
                        persistence.usageSamples(),
                        persistence.api().usageHistory(),
                        persistence.alertsApi().rules(),
                        persistence.alertsApi().alerts(),
                        persistence.alertsApi().webhooks(),
                        persistence.alertsApi().facts(),
                        persistence.api().quality(),
                        persistence.api().analytics(),
                        persistence.api().multiDeviceFindings(),
                        persistence.addressHistory(),
                        persistence.addressLookupAudit());
            }
            InMemorySessionRepository sessions = new InMemorySessionRepository();
            InMemoryNasDirectory nasDirectory = new InMemoryNasDirectory();
            InMemoryCustomerDirectory customers = new InMemoryCustomerDirectory();
            InMemoryAlerting alerting = new InMemoryAlerting();
            InMemoryAddressHistory addresses = new InMemoryAddressHistory(sessions);
            return new Stores(
                    sessions,
                    nasDirectory,
                    customers,
                    new InMemoryTenantDirectory(),
                    new InMemoryApiTokenStore(),
                    new InMemorySessionExportReader(sessions),
                    new InMemoryExportAuditLog(),
                    sessions.events(),
                    new InMemoryUsageSamples(sessions),
                    new InMemoryUsageHistory(sessions),
                    new InMemoryAlertRules(),
                    alerting,
                    alerting,
                    new InMemoryAlertFacts(sessions, nasDirectory, customers),
                    new InMemoryQualityStore(sessions),
                    new InMemorySessionAnalytics(sessions, clock),
                    new InMemoryMultiDeviceFindings(sessions, nasDirectory),
                    addresses,
                    addresses);
        }
    }

    final MutableClock clock = new MutableClock(NOW);
    private final Stores stores = Stores.open(STORAGE, clock);
    final SessionRepository sessions = stores.sessions();
    final NasDirectory nasDirectory = stores.nasDirectory();
    final CustomerDirectory customers = stores.customers();
    final TenantDirectory tenants = stores.tenants();
    final ApiTokenStore tokenStore = stores.tokenStore();
    final ExportAuditLog exportAudit = stores.exportAudit();
    final ScriptedNas nasSide = new ScriptedNas();
    /** As in the service: the token look-ups go through the cache. */
    final AccessService access =
            new AccessService(CachingApiTokenStore.withDefaults(tokenStore, clock), tenants, clock);

    final NasLookupService lookup =
            new NasLookupService(nasDirectory, clock, new NasLookupService.RefreshInterval(Duration.ofMinutes(1)));
    final AccountingService accounting = new AccountingService(sessions, AccountingPolicy.DEFAULT);
    final SessionQueryService queries = new SessionQueryService(sessions, customers, nasDirectory, tenants, clock);
    final StaleSessionCleanupService cleanup =
            new StaleSessionCleanupService(sessions, StaleSessionPolicy.DEFAULT, clock);
    final SessionEvents sessionEvents = stores.sessionEvents();
    final UsageSamples usageSamples = stores.usageSamples();
    final TerminateSessionService terminate =
            new TerminateSessionService(sessions, nasDirectory, nasSide, sessionEvents, clock);
    final SessionTimelineService timeline = new SessionTimelineService(sessions, usageSamples, sessionEvents);
    final NasAdminService nasAdmin = new NasAdminService(nasDirectory, lookup);
    final CustomerAdminService customerAdmin = new CustomerAdminService(customers);
    final io.sessionkeeper.domain.service.TenantAdminService tenantAdmin =
            new io.sessionkeeper.domain.service.TenantAdminService(tenants);
    final SessionExportService export = new SessionExportService(
            stores.exportReader(),
            customers,
            nasDirectory,
            tenants,
            exportAudit,
            clock,
            new SessionExportService.ReadAhead(ForkJoinPool.commonPool()));
    final BandwidthService bandwidth =
            new BandwidthService(sessions, stores.usageSamples(), stores.usageHistory(), nasDirectory, clock);
    final AddressLookupService addressLookup =
            new AddressLookupService(stores.addressHistory(), stores.addressAudit(), nasDirectory, customers, clock);
    final DrivingPorts.History history = new DrivingPorts.History(export, timeline, bandwidth, addressLookup);
    final Webhooks webhooks = stores.webhooks();
    /** Webhook targets: loopback allowed (the tests' receivers), nothing sent from the API itself. */
    final WebhookSender webhookSender =
            new JdkWebhookSender(new WebhookTargets(true, java.net.InetAddress::getAllByName), clock);

    final AlertRuleService alertRules = new AlertRuleService(
            stores.alertRules(), stores.alerts(), stores.alertFacts(), tenants, AlertPolicy.DEFAULT, clock);
    final WebhookAdminService webhookAdmin =
            new WebhookAdminService(stores.webhooks(), webhookSender, AlertPolicy.DEFAULT, clock);
    final Alerts alerts = stores.alerts();
    final DrivingPorts.Alerting alerting = new DrivingPorts.Alerting(alertRules, alertRules, webhookAdmin);
    final QualityStore quality = stores.quality();
    final QualityService qualityService =
            new QualityService(sessions, customers, sessionEvents, quality, bandwidth, QualityPolicy.DEFAULT, clock);
    final DrivingPorts.Quality qualityPorts = new DrivingPorts.Quality(qualityService, qualityService);
    final SessionAnalytics sessionAnalytics = stores.analytics();
    final AnalyticsService analyticsService = new AnalyticsService(
            stores.analytics(), stores.multiDeviceFindings(), sessions, nasDirectory, customers, tenants, clock);
    /** The multi-device scan the analytics job runs in the service: a test runs it before it reads findings. */
    final MultiDeviceScanService multiDeviceScan = new MultiDeviceScanService(
            stores.analytics(),
            stores.multiDeviceFindings(),
            StaleSessionPolicy.DEFAULT,
            MultiDevicePolicy.DEFAULT,
            clock);

    final DrivingPorts.Analytics analytics = new DrivingPorts.Analytics(
            analyticsService, analyticsService, analyticsService, analyticsService, analyticsService);
    final List<String> observed = new CopyOnWriteArrayList<>();
    volatile ReadinessCheck.Readiness readiness = ReadinessCheck.Readiness.up();
    final HttpApi api;
    final int port;

    /**
     * Options of a harness: rate limits, metrics, a chance to replace use cases (to make one fail), and to change the
     * rest of the configuration. By default no limit applies, failed authentications included.
     */
    record Options(
            RateLimitSettings rateLimits,
            MetricsScrape metrics,
            UnaryOperator<DrivingPorts> ports,
            UnaryOperator<HttpApiConfig> config) {
        static Options defaults() {
            return new Options(RateLimitSettings.OFF, null, UnaryOperator.identity(), UnaryOperator.identity());
        }

        Options rateLimits(RateLimitSettings value) {
            return new Options(value, metrics, ports, config);
        }

        Options metrics(MetricsScrape value) {
            return new Options(rateLimits, value, ports, config);
        }

        Options ports(UnaryOperator<DrivingPorts> value) {
            return new Options(rateLimits, metrics, value, config);
        }

        Options config(UnaryOperator<HttpApiConfig> value) {
            return new Options(rateLimits, metrics, ports, value);
        }
    }

    ApiHarness() {
        this(Options.defaults());
    }

    ApiHarness(Options options) {
        DrivingPorts ports = options.ports()
                .apply(new DrivingPorts(
                        access,
                        queries,
                        queries,
                        queries,
                        cleanup,
                        terminate,
                        terminate,
                        nasAdmin,
                        customerAdmin,
                        access,
                        tenantAdmin,
                        history,
                        alerting,
                        qualityPorts,
                        analytics));
        HttpHooks hooks = new HttpHooks(
                () -> readiness,
                options.metrics(),
                (method, route, status, nanos) -> observed.add(method + " " + route + " " + status + " " + nanos));
        api = new HttpApi(
                options.config()
                        .apply(HttpApiConfig.of("127.0.0.1", 0)
                                .withRateLimits(options.rateLimits())
                                .withAuthFailuresPerMinute(0)),
                ports,
                hooks,
                clock);
        port = api.start();
    }

    @Override
    public void close() {
        api.stop();
    }

    // ---- data ------------------------------------------------------------------------------------------------

    /**
     * A token of {@code tenant} with {@code permissions}, or an "all" token when none are named, issued through the
     * real AccessService.
     */
    String token(TenantId tenant, Permission... permissions) {
        Grant grant = permissions.length == 0 ? Grant.ALL : Grant.of(EnumSet.of(permissions[0], permissions));
        Principal issuer = new Principal(null, tenant, Grant.ALL, null);
        return access.issue(issuer, new IssueTokenCommand(tenant, null, grant)).secret();
    }

    /** A token of {@code tenant} listing every permission it may hold except {@code missing}. */
    String tokenWithout(TenantId tenant, Permission missing) {
        Set<Permission> set = Grant.ALL.permissionsFor(tenant);
        set = EnumSet.copyOf(set);
        set.remove(missing);
        Principal issuer = new Principal(null, tenant, Grant.ALL, null);
        return access.issue(issuer, new IssueTokenCommand(tenant, set)).secret();
    }

    Nas nas(TenantId tenant, String name, String ip) {
        Nas nas = Fixtures.nas(tenant, name, ip);
        nasDirectory.save(nas);
        lookup.refresh();
        return nas;
    }

    Customer customer(TenantId tenant, String username) {
        Customer customer = Fixtures.customer(tenant, username);
        customers.save(customer);
        return customer;
    }

    /**
     * Brings the concurrency roll-ups up to the clock's now, as the service's job does, history included (PostgreSQL; the in-memory
     * analytics compute from the sessions at each request).
     */
    void rollUpConcurrency() {
        if (STORAGE == Storage.POSTGRES) {
            // the first run counts what began in the last hours, each further one a day of the history before it
            for (int day = 0; day < 4; day++) {
                postgres().concurrencyRollup().run(clock.instant());
            }
        }
    }

    /**
     * Rolls the usage samples of the last week up to the clock's now, as the service's usage job does with its whole
     * hours (PostgreSQL; the in-memory analytics compute from the samples at each request).
     */
    void rollUpUsage() {
        if (STORAGE == Storage.POSTGRES) {
            // a first run would start only a day back
            Instant weekAgo = clock.instant().minus(Duration.ofDays(8));
            TestDatabase.get()
                    .execute("UPDATE usage_rollup_state SET claimed_until = '" + weekAgo + "', rolled_until = '"
                            + weekAgo + "'");
            postgres().usageRollups().run(clock.instant(), Duration.ZERO, 10_000);
        }
    }

    /**
     * Records accounting events as the RADIUS adapter would; under PostgreSQL their samples are then folded, as the
     * service's fold does within a second (ADR 67), so that a request right after reads them.
     */
    void track(AccountingEvent.Builder... events) {
        accounting.track(new TrackAccountingCommand(java.util.Arrays.stream(events)
                .map(AccountingEvent.Builder::build)
                .toList()));
        if (STORAGE == Storage.POSTGRES) {
            postgres().usageSampleFold().run(Integer.MAX_VALUE);
        }
    }

    /** Every stored session of the tenant (up to 10,000), newest first: through the port, so either store answers. */
    List<Session> sessionsOf(TenantId tenant) {
        return sessions.find(SessionFilter.all(tenant), 0, 10_000);
    }

    /** The stored session with this Acct-Session-Id on this NAS (the newest). */
    Session session(Nas nas, String acctSessionId) {
        return sessionsOf(nas.tenant()).stream()
                .filter(s -> s.nasId().equals(nas.id()) && s.acctSessionId().equals(acctSessionId))
                .max(java.util.Comparator.comparing(Session::startTime))
                .orElseThrow();
    }

    /**
     * From now on the session store throws {@code failure}, as a database that went away
     * ({@link InMemorySessionRepository#failWith}). No port makes a store fail, so a test that needs it is skipped
     * under PostgreSQL; the in-memory run covers it.
     */
    /** Makes the export's {@code chunk}-th read from now on, and every later one, fail (in-memory stores only). */
    void failExportFromChunk(int chunk, RuntimeException failure) {
        Assumptions.assumeTrue(
                stores.exportReader() instanceof InMemorySessionExportReader,
                "only the in-memory export reader can be made to fail (runs with " + STORAGE_PROPERTY + "=memory)");
        ((InMemorySessionExportReader) stores.exportReader()).failFromChunk(chunk, failure);
    }

    void failStore(RuntimeException failure) {
        Assumptions.assumeTrue(
                sessions instanceof InMemorySessionRepository,
                "only the in-memory session store can be made to fail (runs with " + STORAGE_PROPERTY + "=memory)");
        ((InMemorySessionRepository) sessions).failWith(failure);
    }

    /** A PPPoE session started at {@code at} through an Accounting-Start. */
    Session started(Nas nas, String username, String acctSessionId, Instant at) {
        track(Fixtures.start(nas, username, acctSessionId, at)
                .framedIp(io.sessionkeeper.domain.model.IpAddress.parse("10.5.50.100"))
                .callingStationId("00:11:22:33:44:55"));
        return session(nas, acctSessionId);
    }

    /** A request a route accepts: its concrete path and (for PUT and POST) a body; the base of hostile ones. */
    record ValidRequest(String path, String body) {}

    private int probeCount;

    /**
     * A request that {@code route} accepts from an all-permission token of {@link #ACME}, on data of its own (a NAS
     * with a fresh address, a session, a customer), so that tests can make one part of it hostile at a time. A route
     * added to the API without a case here fails the tests that use it.
     */
    synchronized ValidRequest validRequest(ApiRoute route) {
        int n = ++probeCount;
        Nas nas = nas(ACME, "probe-" + n, "198.51.100." + n);
        String session =
                started(nas, "probe" + n, "P" + n, NOW.minusSeconds(60)).id().toString();
        String freshAddress = "203.0.113." + n;
        String nasBody = "{\"name\":\"N\",\"ipAddress\":\"" + freshAddress + "\",\"secret\":\"s\","
                + "\"vendor\":\"mikrotik\",\"connectionType\":\"pppoe\",\"identifier\":\"nas-" + n + "\"}";
        return switch (route.key()) {
            case "GET /api/sessions",
                    "GET /api/sessions/export",
                    "GET /api/sessions/stats",
                    "POST /api/sessions/sync",
                    "GET /api/nas",
                    "GET /api/customers",
                    "GET /api/tokens",
                    "GET /api/tokens/audit",
                    "GET /api/me",
                    "GET /api/tenant",
                    "GET /health/live",
                    "GET /health/ready",
                    "GET /metrics",
                    "GET /openapi.json",
                    "POST /api/sessions/export/ticket",
                    "GET /api/sessions/analytics/top-users",
                    "GET /api/sessions/fraud/multi-device",
                    "GET /api/nas/health",
                    "GET /api/sessions/analytics/peak-times",
                    "GET /" -> new ValidRequest(route.path(), null);
            case "GET /dashboard/{file}" -> new ValidRequest("/dashboard/app.js", null);
            // its one parameter is the ticket, which the callers (the probes of its query) supply themselves
            case "GET /api/sessions/export/download" -> new ValidRequest(route.path(), null);
            case "GET /api/sessions/by-ip" -> new ValidRequest("/api/sessions/by-ip?ip=100.64.12.7", null);
            case "GET /api/customers/{username}/session-comparison" ->
                new ValidRequest("/api/customers/probe" + n + "/session-comparison", null);
            case "GET /api/sessions/{id}", "DELETE /api/sessions/{id}" ->
                new ValidRequest("/api/sessions/" + session, null);
            case "GET /api/sessions/{id}/timeline" ->
                new ValidRequest("/api/sessions/" + session + "/timeline?collapse=true&offset=0&limit=10", null);
            case "POST /api/sessions/{id}/rate-limit" ->
                new ValidRequest("/api/sessions/" + session + "/rate-limit", "{\"rateLimit\":\"10M/20M\"}");
            case "GET /api/sessions/{id}/quality" -> new ValidRequest("/api/sessions/" + session + "/quality", null);
            case "POST /api/quality" ->
                new ValidRequest(
                        "/api/quality",
                        "{\"measurements\":[{\"username\":\"probe" + n + "\",\"at\":\"" + NOW
                                + "\",\"rttMs\":[1.5],\"sent\":2,\"lost\":1}]}");
            case "GET /api/sessions/{id}/bandwidth" ->
                new ValidRequest("/api/sessions/" + session + "/bandwidth", null);
            case "GET /api/nas/{id}/bandwidth" -> new ValidRequest("/api/nas/" + nas.id() + "/bandwidth", null);
            case "GET /api/customers/{username}/bandwidth" ->
                new ValidRequest("/api/customers/probe" + n + "/bandwidth", null);
            case "POST /api/nas" -> new ValidRequest("/api/nas", nasBody);
            case "GET /api/nas/{id}", "DELETE /api/nas/{id}" -> new ValidRequest("/api/nas/" + nas.id(), null);
            case "PUT /api/nas/{id}" -> new ValidRequest("/api/nas/" + nas.id(), nasBody);
            case "PUT /api/customers/{username}" ->
                new ValidRequest(
                        "/api/customers/probe" + n,
                        "{\"name\":\"A\",\"phone\":\"+1 555\",\"email\":\"a@example.com\","
                                + "\"package\":{\"name\":\"P\",\"downloadSpeed\":1,\"uploadSpeed\":1}}");
            case "GET /api/customers/{username}", "DELETE /api/customers/{username}" -> {
                customer(ACME, "probe" + n);
                yield new ValidRequest("/api/customers/probe" + n, null);
            }
            case "PUT /api/tenant" -> new ValidRequest("/api/tenant", "{\"timeZone\":\"Africa/Nairobi\"}");
            case "GET /api/alert-rules", "GET /api/alerts", "GET /api/webhooks" -> new ValidRequest(route.path(), null);
            case "POST /api/alert-rules", "POST /api/alert-rules/preview" ->
                new ValidRequest(
                        route.path(),
                        "{\"type\":\"LONG_SESSION\",\"threshold\":86400,\"action\":\"NOTIFY_ADMIN\","
                                + "\"name\":\"probe\",\"scope\":{\"kind\":\"customer\",\"value\":\"probe\"},"
                                + "\"exemptUsers\":[\"vip\"]}");
            case "GET /api/alert-rules/{id}", "DELETE /api/alert-rules/{id}" ->
                new ValidRequest("/api/alert-rules/" + alertRule(), null);
            case "PUT /api/alert-rules/{id}" ->
                new ValidRequest(
                        "/api/alert-rules/" + alertRule(),
                        "{\"type\":\"HIGH_BANDWIDTH\",\"threshold\":107374182400,\"action\":\"AUTO_DISCONNECT\","
                                + "\"name\":\"probe\",\"scope\":{\"kind\":\"customer\",\"value\":\"probe\"},"
                                + "\"exemptUsers\":[\"vip\"]}");
            case "POST /api/alerts/{id}/acknowledge" ->
                new ValidRequest("/api/alerts/" + alert() + "/acknowledge", null);
            case "POST /api/webhooks" ->
                new ValidRequest("/api/webhooks", "{\"url\":\"http://127.0.0.1:9/hook-" + n + "\"}");
            case "GET /api/webhooks/{id}", "DELETE /api/webhooks/{id}" ->
                new ValidRequest("/api/webhooks/" + webhook(), null);
            case "GET /api/webhooks/{id}/deliveries" ->
                new ValidRequest("/api/webhooks/" + webhook() + "/deliveries", null);
            case "POST /api/webhooks/{id}/test" -> new ValidRequest("/api/webhooks/" + webhook() + "/test", null);
            case "POST /api/tokens" ->
                new ValidRequest("/api/tokens", "{\"tenant\":\"acme\",\"permissions\":[\"nas:manage\"]}");
            case "DELETE /api/tokens/{id}" -> {
                Principal issuer = new Principal(null, ACME, Permission.all());
                String id = access.issue(issuer, new IssueTokenCommand(ACME, EnumSet.of(Permission.NAS_MANAGE)))
                        .token()
                        .id()
                        .toString();
                yield new ValidRequest("/api/tokens/" + id, null);
            }
            default ->
                throw new AssertionError(
                        "no valid request for " + route.key() + ": add one to ApiHarness.validRequest");
        };
    }

    /** A rule of {@link #ACME}, made through the service. */
    String alertRule() {
        return alertRules
                .create(new io.sessionkeeper.domain.port.in.SaveAlertRuleCommand(
                        ACME,
                        "probe",
                        io.sessionkeeper.domain.model.AlertRuleType.LONG_SESSION,
                        86_400,
                        null,
                        null,
                        null,
                        null,
                        true,
                        false,
                        24,
                        Set.of(),
                        null))
                .id()
                .toString();
    }

    /** An open alert of {@link #ACME}, as the evaluation records it. */
    String alert() {
        io.sessionkeeper.domain.model.AlertRule rule =
                alertRules.get(ACME, io.sessionkeeper.domain.model.AlertRuleId.parse(alertRule()));
        io.sessionkeeper.domain.model.Alert alert = io.sessionkeeper.domain.model.Alert.fired(
                rule,
                io.sessionkeeper.domain.model.AlertSubject.user("probe-" + java.util.UUID.randomUUID()),
                3,
                clock.instant());
        alerts.fire(
                alert,
                new io.sessionkeeper.domain.model.WebhookEvent(
                        java.util.UUID.randomUUID(), "alert.fired", ACME, clock.instant(), "{}"));
        return alert.id().toString();
    }

    /** A webhook of {@link #ACME} to a loopback port nobody listens on. */
    String webhook() {
        return webhookAdmin
                .create(new io.sessionkeeper.domain.port.in.CreateWebhookCommand(
                        ACME, "http://127.0.0.1:9/probe", null, true))
                .webhook()
                .id()
                .toString();
    }

    // ---- HTTP ------------------------------------------------------------------------------------------------

    record Response(int status, java.net.http.HttpHeaders headers, String body) {
        JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        String errorCode() {
            return json().path("error").path("code").asText(null);
        }

        String errorField() {
            return json().path("error").path("field").asText(null);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    Response get(String path, String token) {
        return send("GET", path, token, null);
    }

    Response send(String method, String path, String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(10))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return send(request.build());
    }

    Response send(HttpRequest request) {
        try {
            HttpResponse<String> response;
            try {
                response = client.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                if (!String.valueOf(e.getMessage()).contains("received no bytes")) {
                    throw e;
                }
                // A kept-alive connection that the server had just closed (after a 413: a body over the limit is
                // not read to the end): the request never reached it. Send it again on a new
                // connection, as browsers and HTTP libraries do for a stale connection.
                client = newClient();
                response = client.send(request, HttpResponse.BodyHandlers.ofString());
            }
            return new Response(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
