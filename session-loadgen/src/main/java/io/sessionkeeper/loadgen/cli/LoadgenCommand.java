package io.sessionkeeper.loadgen.cli;

import io.sessionkeeper.adapter.radius.codec.Authenticators;
import io.sessionkeeper.loadgen.LoadGenerator;
import io.sessionkeeper.loadgen.LoadgenReport;
import io.sessionkeeper.loadgen.LoadgenSettings;
import io.sessionkeeper.loadgen.SessionPlan;
import io.sessionkeeper.loadgen.verify.ApiSessions;
import io.sessionkeeper.loadgen.verify.DatabaseSessions;
import io.sessionkeeper.loadgen.verify.Verification;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar session-loadgen.jar}: a fleet of simulated NAS sending accounting to any RADIUS server on
 * loopback, then optionally a check of the final counters through SessionKeeper's REST API or any database by SQL.
 * Exit 0 when nothing was lost and the check (if any) passed, 1 otherwise, 2 for an invalid option (a target off
 * loopback among them).
 */
@Command(
        name = "session-loadgen",
        mixinStandardHelpOptions = true,
        versionProvider = LoadgenCommand.Version.class,
        sortOptions = false,
        description = "RADIUS accounting load generator (loopback targets only): Start, Interims, Stop per subscriber,"
                + " then optionally a check of what the server recorded.")
public final class LoadgenCommand implements Callable<Integer> {
    static final int INVALID_OPTION = 2;

    @Spec
    CommandSpec spec;

    @Option(names = "--server", defaultValue = "127.0.0.1:1813", description = "accounting server host:port")
    String server;

    @Option(names = "--secret", required = true, description = "shared secret of every simulated NAS")
    String secret;

    @Option(
            names = "--nas",
            defaultValue = "4",
            description = "number of NAS (source addresses 127.0.0.2, 127.0.0.3, ...) or a comma list of addresses")
    String nas;

    @Option(names = "--sockets-per-nas", defaultValue = "2", description = "UDP sockets per NAS (256 ids each)")
    int socketsPerNas;

    @Option(names = "--window", defaultValue = "256", description = "requests in flight per socket (1-256)")
    int window;

    @Option(names = "--subscribers", defaultValue = "10000", description = "sessions in the run")
    int subscribers;

    @Option(names = "--interims", defaultValue = "3", description = "Interim-Updates per session")
    int interims;

    @Option(names = "--rate", defaultValue = "0", description = "packets/s of first transmissions; 0 = open")
    int rate;

    @Option(names = "--timeout-ms", defaultValue = "2000", description = "wait before retransmitting")
    int timeoutMillis;

    @Option(names = "--retransmissions", defaultValue = "3", description = "retransmissions before a request is lost")
    int retransmissions;

    @Option(names = "--max-seconds", defaultValue = "600", description = "the run stops by itself after this")
    int maxSeconds;

    @Option(names = "--duplicates", defaultValue = "0", description = "share of requests sent twice at once (0-1)")
    double duplicates;

    @Option(names = "--reorder", defaultValue = "0", description = "share of interims sent after the next step (0-1)")
    double reorder;

    @Option(
            names = "--timestamps",
            defaultValue = "BELIEVABLE",
            description = "BELIEVABLE (Event-Timestamp now, real session time) or DISTRUSTED (Event-Timestamp three"
                    + " years ago, 300 s of session time per step): ${COMPLETION-CANDIDATES}")
    SessionPlan.Timestamps timestamps;

    @Option(names = "--run-id", description = "prefix of the Acct-Session-Ids (default: random)")
    String runId;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the duplicate and reorder choices")
    long seed;

    @Option(
            names = "--warmup-subscribers",
            defaultValue = "0",
            description = "sessions of a warm-up run at open rate before the measured one, in this process (so that"
                    + " its JIT compilation is not in the measured run's first seconds); not measured and not"
                    + " verified, but a packet it loses fails the exit status")
    int warmupSubscribers;

    @Option(names = "--warmup-run-id", defaultValue = "warmup", description = "run id of the warm-up run")
    String warmupRunId;

    @Option(
            names = "--pause-after-warmup",
            description = "after the warm-up, print 'warm-up done' and wait for a line on standard input (a"
                    + " benchmark's checkpoint and counters in between)")
    boolean pauseAfterWarmup;

    @Option(
            names = "--verify-api",
            description = "base URL of SessionKeeper's REST API to check the final counters through")
    String verifyApi;

    @Option(names = "--token", description = "bearer token for --verify-api")
    String token;

    @Option(names = "--verify-concurrency", defaultValue = "8", description = "parallel API requests when checking")
    int verifyConcurrency;

    @Option(names = "--verify-jdbc", description = "JDBC URL (PostgreSQL) to check the final counters in")
    String verifyJdbc;

    @Option(names = "--db-user", defaultValue = "", description = "user for --verify-jdbc")
    String dbUser;

    @Option(names = "--db-password", defaultValue = "", description = "password for --verify-jdbc")
    String dbPassword;

    @Option(
            names = "--verify-schema",
            defaultValue = "sessionkeeper",
            description = "sessionkeeper, radacct (FreeRADIUS), or a SELECT of (acct session id, NAS address,"
                    + " download bytes, upload bytes) with one ? for the LIKE pattern of the run's ids")
    String verifySchema;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with its error handling: an invalid option is one line and exit code 2, no stack trace. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new LoadgenCommand());
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof IllegalArgumentException || e instanceof UnknownHostException) {
                cmd.getErr().println("error: " + e.getMessage());
                return INVALID_OPTION;
            }
            throw e;
        });
        return commandLine;
    }

    @Override
    public Integer call() throws Exception {
        if (verifyApi != null && token == null) {
            throw new IllegalArgumentException("--verify-api needs --token");
        }
        if (warmupSubscribers < 0) {
            throw new IllegalArgumentException("--warmup-subscribers must not be negative");
        }
        PrintWriter out = spec.commandLine().getOut();
        String id = runId != null ? runId : Long.toString(System.currentTimeMillis() % 2_176_782_336L, 36) + "x";
        LoadgenSettings settings = settings(id, subscribers, rate);
        boolean ok = true;
        if (warmupSubscribers > 0) {
            ok = warmUp(out);
        }
        out.printf(
                Locale.ROOT,
                "loadgen run %s: %d subscribers x %d packets over %d NAS x %d sockets (window %d) to %s, rate %s%n",
                id,
                subscribers,
                settings.plan().steps(),
                settings.nasAddresses().size(),
                socketsPerNas,
                window,
                settings.server(),
                rate == 0 ? "open" : rate + "/s");
        out.flush();
        LoadgenReport report = new LoadGenerator(settings, line -> {
                    out.println(line);
                    out.flush();
                })
                .run();
        out.println(report.format());
        ok &= report.complete();
        if (verifyApi != null || verifyJdbc != null) {
            List<SessionPlan.Expected> expected = Verification.expected(settings);
            Map<String, List<Verification.Observed>> found = verifyApi != null
                    ? new ApiSessions(verifyApi, token, verifyConcurrency, out).find(expected)
                    : new DatabaseSessions(verifyJdbc, dbUser, dbPassword, verifySchema).withIdsStartingWith(id + "-");
            Verification.Result result = Verification.check(expected, found);
            out.println(result.format());
            ok &= result.ok();
        }
        out.flush();
        return ok ? 0 : 1;
    }

    /** A run of these options with its own run id, number of sessions and rate (the measured run and its warm-up). */
    private LoadgenSettings settings(String id, int sessions, int packetsPerSecond) throws UnknownHostException {
        return new LoadgenSettings(
                serverAddress(server),
                nasAddresses(nas),
                Authenticators.secretBytes(secret),
                new SessionPlan(id, interims, timestamps),
                sessions,
                socketsPerNas,
                window,
                packetsPerSecond,
                Duration.ofMillis(timeoutMillis),
                retransmissions,
                Duration.ofSeconds(maxSeconds),
                duplicates,
                reorder,
                seed);
    }

    /**
     * The warm-up run: the measured run's options with its own run id and number of sessions, at open rate; its
     * report's lines are printed with a prefix and its progress lines not at all. False when it lost packets.
     */
    private boolean warmUp(PrintWriter out) throws IOException {
        LoadgenReport report = new LoadGenerator(settings(warmupRunId, warmupSubscribers, 0), line -> {}).run();
        for (String line : report.format().split("\\R")) {
            out.println("warm-up: " + line);
        }
        if (pauseAfterWarmup) {
            out.println("warm-up done: waiting for a line on standard input");
            out.flush();
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        }
        out.flush();
        return report.complete();
    }

    static InetSocketAddress serverAddress(String hostPort) throws UnknownHostException {
        int colon = hostPort.lastIndexOf(':');
        String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
        int port;
        try {
            port = colon < 0 ? 1813 : Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--server: port must be a number: " + hostPort);
        }
        return new InetSocketAddress(InetAddress.getByName(host), port);
    }

    static List<Inet4Address> nasAddresses(String spec) throws UnknownHostException {
        List<Inet4Address> addresses = new ArrayList<>();
        if (spec.matches("\\d+")) {
            int count = Integer.parseInt(spec);
            if (count < 1 || count > 250) {
                throw new IllegalArgumentException("--nas count must be 1-250");
            }
            for (int i = 0; i < count; i++) {
                addresses.add((Inet4Address) InetAddress.getByName("127.0.0." + (2 + i)));
            }
        } else {
            for (String address : spec.split(",")) {
                InetAddress parsed = InetAddress.getByName(address.trim());
                if (!(parsed instanceof Inet4Address v4)) {
                    throw new IllegalArgumentException("IPv4 loopback addresses only: " + address);
                }
                addresses.add(v4);
            }
        }
        return addresses;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = LoadgenCommand.class.getPackage().getImplementationVersion();
            return new String[] {"session-loadgen " + (version == null ? "development" : version)};
        }
    }
}
