package io.sessionkeeper.adapter.persistence;

import io.sessionkeeper.adapter.persistence.mapping.Instants;
import io.sessionkeeper.adapter.persistence.mapping.TerminateCauses;
import io.sessionkeeper.domain.model.SessionEvent;
import io.sessionkeeper.domain.model.SessionEvent.CoaAnswer;
import io.sessionkeeper.domain.model.SessionEvent.Requester;
import io.sessionkeeper.domain.model.TerminateCause;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.jooq.DSLContext;

/**
 * Appends session events: one set-based statement per call, {@code INSERT … SELECT FROM unnest(arrays) WITH
 * ORDINALITY ORDER BY ordinality}, so that events of one instant take their sequence numbers in the order given. Used
 * by the service's own events ({@link PostgresSessionEvents}), by the accounting unit and by the bounded closes (on
 * their transactions).
 *
 * <p>In the accounting unit ({@link #executeGuarded}) a Superseded event is inserted only if its session stands closed
 * as superseded in this transaction (see {@link io.sessionkeeper.domain.port.out.SessionWrites#recordEvents}): a
 * probe of the session's primary key for these rare rows only.
 *
 * <p>The numbers of {@code type} and {@code result} are the stored form: never renumbered (V14).
 */
final class SessionEventInsert {
    static final short IP_CHANGED = 1;
    static final short SPEED_CHANGED = 2;
    static final short DISCONNECT_REQUESTED = 3;
    static final short DISCONNECT_RESULT = 4;
    static final short NAS_REBOOTED = 5;
    static final short CLOSED_AS_STALE = 6;
    static final short SUPERSEDED = 7;
    static final short QUALITY_DEGRADED = 8;
    static final short QUALITY_RECOVERED = 9;

    private static final String INSERT = """
            INSERT INTO session_events (tenant_id, session_id, occurred_at, type, result, error_cause, ip_old, ip_new,
              token_id, other_session_id, forced, rate_limit, token_name, quality_rtt_p95_ms, quality_loss_percent)
            SELECT u.tenant_id, u.session_id::uuid, TIMESTAMPTZ 'epoch' + u.at_us * INTERVAL '1 microsecond', u.type,
              u.result, u.error_cause, u.ip_old::inet, u.ip_new::inet, u.token_id::uuid, u.other_session_id::uuid,
              u.forced, u.rate_limit, u.token_name, u.rtt_p95, u.loss
            FROM unnest(?::text[], ?::text[], ?::bigint[], ?::smallint[], ?::smallint[], ?::integer[], ?::text[],
                        ?::text[], ?::text[], ?::text[], ?::boolean[], ?::text[], ?::text[], ?::real[], ?::real[])
              WITH ORDINALITY AS u(tenant_id, session_id, at_us, type, result, error_cause, ip_old, ip_new, token_id,
                                   other_session_id, forced, rate_limit, token_name, rtt_p95, loss, ordinality)
            """;

    private static final String PLAIN = INSERT + "ORDER BY u.ordinality";

    private static final String GUARDED = INSERT
            + """
            WHERE u.type <> {SUPERSEDED} OR EXISTS (
              SELECT 1 FROM sessions s WHERE s.tenant_id = u.tenant_id AND s.id = u.session_id::uuid
              AND s.terminate_cause = '{SUPERSEDED_CAUSE}' AND s.terminated_by = '{BY_SERVICE}')
            ORDER BY u.ordinality
            """.replace("{SUPERSEDED}", Short.toString(SUPERSEDED))
                    .replace("{SUPERSEDED_CAUSE}", TerminateCauses.name(TerminateCause.SUPERSEDED))
                    .replace("{BY_SERVICE}", TerminateCauses.BY_SERVICE);

    private SessionEventInsert() {}

    /** Inserts the events on {@code tx}'s connection; nothing at all for none. */
    static void execute(DSLContext tx, Collection<SessionEvent> events) {
        run(tx, PLAIN, events);
    }

    /** As {@link #execute}, but a Superseded event only where its session stands closed as superseded. */
    static void executeGuarded(DSLContext tx, Collection<SessionEvent> events) {
        run(tx, GUARDED, events);
    }

    private static void run(DSLContext tx, String sql, Collection<SessionEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        Columns columns = new Columns(List.copyOf(events));
        PlainJdbc.run(tx, sql, (connection, statement) -> {
            columns.bind(connection, statement);
            return statement.executeUpdate();
        });
    }

    static short typeOf(SessionEvent.Detail detail) {
        if (detail instanceof SessionEvent.IpChanged) {
            return IP_CHANGED;
        }
        if (detail instanceof SessionEvent.SpeedChanged) {
            return SPEED_CHANGED;
        }
        if (detail instanceof SessionEvent.DisconnectRequested) {
            return DISCONNECT_REQUESTED;
        }
        if (detail instanceof SessionEvent.DisconnectAnswered) {
            return DISCONNECT_RESULT;
        }
        if (detail instanceof SessionEvent.NasRebooted) {
            return NAS_REBOOTED;
        }
        if (detail instanceof SessionEvent.ClosedAsStale) {
            return CLOSED_AS_STALE;
        }
        if (detail instanceof SessionEvent.Superseded) {
            return SUPERSEDED;
        }
        if (detail instanceof SessionEvent.QualityChanged quality) {
            return quality.degraded() ? QUALITY_DEGRADED : QUALITY_RECOVERED;
        }
        throw new IllegalArgumentException("no stored type for " + detail);
    }

    static Short resultOf(CoaAnswer answer) {
        return switch (answer.outcome()) {
            case ACK -> 1;
            case NAK -> 2;
            case TIMEOUT -> 3;
            case FAILED -> 4;
        };
    }

    static CoaAnswer.Outcome outcomeOf(short stored) {
        return switch (stored) {
            case 1 -> CoaAnswer.Outcome.ACK;
            case 2 -> CoaAnswer.Outcome.NAK;
            case 3 -> CoaAnswer.Outcome.TIMEOUT;
            case 4 -> CoaAnswer.Outcome.FAILED;
            default -> throw new IllegalStateException("unknown stored result " + stored);
        };
    }

    /** The events as one array per column of the statement. */
    private static final class Columns {
        private final String[] tenant;
        private final String[] session;
        private final long[] atMicros;
        private final Short[] type;
        private final Short[] result;
        private final Integer[] errorCause;
        private final String[] ipOld;
        private final String[] ipNew;
        private final String[] tokenId;
        private final String[] otherSession;
        private final Boolean[] forced;
        private final String[] rateLimit;
        private final String[] tokenName;
        private final Float[] rttP95;
        private final Float[] loss;

        Columns(List<SessionEvent> events) {
            int n = events.size();
            tenant = new String[n];
            session = new String[n];
            atMicros = new long[n];
            type = new Short[n];
            result = new Short[n];
            errorCause = new Integer[n];
            ipOld = new String[n];
            ipNew = new String[n];
            tokenId = new String[n];
            otherSession = new String[n];
            forced = new Boolean[n];
            rateLimit = new String[n];
            tokenName = new String[n];
            rttP95 = new Float[n];
            loss = new Float[n];
            for (int i = 0; i < n; i++) {
                SessionEvent event = events.get(i);
                tenant[i] = event.tenant().value();
                session[i] = event.session().toString();
                atMicros[i] = micros(event.at());
                type[i] = typeOf(event.detail());
                SessionEvent.Detail detail = event.detail();
                if (detail instanceof SessionEvent.IpChanged change) {
                    ipOld[i] = change.from().toString();
                    ipNew[i] = change.to().toString();
                } else if (detail instanceof SessionEvent.SpeedChanged speed) {
                    rateLimit[i] = speed.rateLimit();
                    answer(i, speed.answer());
                    requester(i, speed.requestedBy());
                } else if (detail instanceof SessionEvent.DisconnectRequested requested) {
                    forced[i] = requested.force();
                    requester(i, requested.requestedBy());
                } else if (detail instanceof SessionEvent.DisconnectAnswered answered) {
                    answer(i, answered.answer());
                } else if (detail instanceof SessionEvent.Superseded superseded) {
                    otherSession[i] = superseded.by().toString();
                } else if (detail instanceof SessionEvent.QualityChanged quality) {
                    rttP95[i] = quality.rttP95Millis() == null
                            ? null
                            : quality.rttP95Millis().floatValue();
                    loss[i] = quality.lossPercent() == null
                            ? null
                            : quality.lossPercent().floatValue();
                }
            }
        }

        private void answer(int i, CoaAnswer answer) {
            result[i] = resultOf(answer);
            errorCause[i] = answer.outcome() == CoaAnswer.Outcome.NAK ? answer.errorCause() : null;
        }

        private void requester(int i, Requester requester) {
            if (requester != null) {
                tokenId[i] = requester.tokenId().toString();
                tokenName[i] = requester.tokenName();
            }
        }

        void bind(Connection connection, PreparedStatement statement) throws SQLException {
            Object[] parameters = {
                tenant,
                session,
                atMicros,
                connection.createArrayOf("int2", type),
                connection.createArrayOf("int2", result),
                connection.createArrayOf("int4", errorCause),
                ipOld,
                ipNew,
                tokenId,
                otherSession,
                connection.createArrayOf("bool", forced),
                rateLimit,
                tokenName,
                connection.createArrayOf("float4", rttP95),
                connection.createArrayOf("float4", loss)
            };
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
        }

        private static long micros(Instant instant) {
            Instant cut = Instants.toDb(instant);
            return Math.addExact(Math.multiplyExact(cut.getEpochSecond(), 1_000_000L), cut.getNano() / 1_000);
        }
    }
}
