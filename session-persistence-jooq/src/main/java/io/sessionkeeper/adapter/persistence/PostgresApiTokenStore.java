package io.sessionkeeper.adapter.persistence;

import static io.sessionkeeper.adapter.persistence.jooq.Tables.API_TOKENS;
import static io.sessionkeeper.adapter.persistence.jooq.Tables.TOKEN_AUDIT;

import io.sessionkeeper.adapter.persistence.jooq.tables.records.ApiTokensRecord;
import io.sessionkeeper.adapter.persistence.jooq.tables.records.TokenAuditRecord;
import io.sessionkeeper.adapter.persistence.mapping.Instants;
import io.sessionkeeper.domain.model.ApiToken;
import io.sessionkeeper.domain.model.Grant;
import io.sessionkeeper.domain.model.Permission;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.TokenAuditEvent;
import io.sessionkeeper.domain.model.TokenId;
import io.sessionkeeper.domain.port.out.ApiTokenStore;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * API tokens in PostgreSQL: only the hash of a secret is stored; permissions as their codes, or the "all" marker
 * ({@code all_permissions}, with an empty list). Each change and its {@code token_audit} row share a transaction.
 */
public final class PostgresApiTokenStore implements ApiTokenStore {
    private static final Map<String, Permission> BY_CODE =
            EnumSet.allOf(Permission.class).stream().collect(Collectors.toMap(Permission::code, Function.identity()));

    private final DSLContext dsl;

    public PostgresApiTokenStore(DataSource dataSource) {
        this.dsl = JooqContexts.create(dataSource);
    }

    @Override
    public void save(ApiToken token, TokenAuditEvent event) {
        ApiTokensRecord row = new ApiTokensRecord()
                .setTenantId(token.tenant().value())
                .setId(token.id().value())
                .setTokenHash(token.secretHash())
                .setName(token.name())
                .setAllPermissions(token.grant().all())
                .setPermissions(codes(token.grant()))
                .setCreatedAt(Instants.toDb(token.createdAt()))
                .setLastUsedAt(Instants.toDb(token.lastUsedAt()));
        dsl.transaction(configuration -> {
            DSLContext tx = configuration.dsl();
            // A replacement changes what the token may do, never when it was last used (recordUse's business).
            tx.insertInto(API_TOKENS)
                    .set(row)
                    .onConflict(API_TOKENS.TENANT_ID, API_TOKENS.ID)
                    .doUpdate()
                    .set(API_TOKENS.TOKEN_HASH, row.getTokenHash())
                    .set(API_TOKENS.NAME, row.getName())
                    .set(API_TOKENS.ALL_PERMISSIONS, row.getAllPermissions())
                    .set(API_TOKENS.PERMISSIONS, row.getPermissions())
                    .set(API_TOKENS.CREATED_AT, row.getCreatedAt())
                    .execute();
            append(tx, event);
        });
    }

    @Override
    public Optional<ApiToken> findBySecretHash(String secretHash) {
        return dsl.selectFrom(API_TOKENS)
                .where(API_TOKENS.TOKEN_HASH.eq(secretHash))
                .fetchOptional(PostgresApiTokenStore::toToken);
    }

    @Override
    public Optional<ApiToken> findById(TenantId tenant, TokenId id) {
        return dsl.selectFrom(API_TOKENS)
                .where(API_TOKENS.TENANT_ID.eq(tenant.value()), API_TOKENS.ID.eq(id.value()))
                .fetchOptional(PostgresApiTokenStore::toToken);
    }

    @Override
    public List<ApiToken> findByTenant(TenantId tenant) {
        return dsl.selectFrom(API_TOKENS)
                .where(API_TOKENS.TENANT_ID.eq(tenant.value()))
                .orderBy(API_TOKENS.CREATED_AT, API_TOKENS.ID)
                .fetch(PostgresApiTokenStore::toToken);
    }

    @Override
    public boolean delete(TenantId tenant, TokenId id, TokenAuditEvent event) {
        return dsl.transactionResult(configuration -> {
            DSLContext tx = configuration.dsl();
            boolean deleted = tx.deleteFrom(API_TOKENS)
                            .where(API_TOKENS.TENANT_ID.eq(tenant.value()), API_TOKENS.ID.eq(id.value()))
                            .execute()
                    > 0;
            if (deleted) {
                append(tx, event);
            }
            return deleted;
        });
    }

    @Override
    public boolean any() {
        return dsl.fetchExists(API_TOKENS);
    }

    /**
     * The guard in the statement, not a read before it: instances sharing the database each remember their own last
     * write, and the row decides which of them writes in a given minute.
     */
    @Override
    public void recordUse(TenantId tenant, TokenId id, Instant at) {
        Instant written = Instants.toDb(at);
        dsl.update(API_TOKENS)
                .set(API_TOKENS.LAST_USED_AT, written)
                .where(
                        API_TOKENS.TENANT_ID.eq(tenant.value()),
                        API_TOKENS.ID.eq(id.value()),
                        API_TOKENS
                                .LAST_USED_AT
                                .isNull()
                                .or(API_TOKENS.LAST_USED_AT.le(written.minus(ApiToken.LAST_USE_RESOLUTION))))
                .execute();
    }

    @Override
    public AuditPage audit(TenantId tenant, long offset, int limit) {
        Condition involving = tenant == null
                ? DSL.trueCondition()
                : TOKEN_AUDIT.TENANT_ID.eq(tenant.value()).or(TOKEN_AUDIT.ACTOR_TENANT_ID.eq(tenant.value()));
        List<TokenAuditEvent> events = dsl.selectFrom(TOKEN_AUDIT)
                .where(involving)
                .orderBy(TOKEN_AUDIT.ID.desc())
                .offset(offset)
                .limit(limit)
                .fetch(PostgresApiTokenStore::toEvent);
        return new AuditPage(events, dsl.fetchCount(TOKEN_AUDIT, involving));
    }

    private static void append(DSLContext tx, TokenAuditEvent event) {
        TokenAuditEvent.Subject token = event.token();
        TokenAuditEvent.Actor actor = event.actor();
        tx.insertInto(TOKEN_AUDIT)
                .set(TOKEN_AUDIT.TENANT_ID, token.tenant().value())
                .set(TOKEN_AUDIT.OCCURRED_AT, Instants.toDb(event.at()))
                .set(TOKEN_AUDIT.ACTION, event.action().name())
                .set(TOKEN_AUDIT.TOKEN_ID, token.id().value())
                .set(TOKEN_AUDIT.TOKEN_NAME, token.name())
                .set(TOKEN_AUDIT.ALL_PERMISSIONS, token.grant().all())
                .set(TOKEN_AUDIT.PERMISSIONS, codes(token.grant()))
                .set(
                        TOKEN_AUDIT.ACTOR_TENANT_ID,
                        actor.tenant() == null ? null : actor.tenant().value())
                .set(
                        TOKEN_AUDIT.ACTOR_TOKEN_ID,
                        actor.tokenId() == null ? null : actor.tokenId().value())
                .set(TOKEN_AUDIT.IP_ADDRESS, actor.clientAddress())
                .set(TOKEN_AUDIT.NOTE, event.note())
                .execute();
    }

    private static String[] codes(Grant grant) {
        return grant.listed().stream().map(Permission::code).sorted().toArray(String[]::new);
    }

    /**
     * A code this release does not know grants nothing here: it comes from a later release sharing the database
     * (a rolling upgrade, or a downgrade), and must not make the token unusable.
     */
    private static Grant grant(Boolean all, String[] codes) {
        if (Boolean.TRUE.equals(all)) {
            return Grant.ALL;
        }
        Set<Permission> permissions = EnumSet.noneOf(Permission.class);
        for (String code : codes) {
            Permission permission = BY_CODE.get(code);
            if (permission != null) {
                permissions.add(permission);
            }
        }
        return Grant.of(permissions);
    }

    private static ApiToken toToken(ApiTokensRecord row) {
        return new ApiToken(
                new TokenId(row.getId()),
                TenantId.of(row.getTenantId()),
                row.getName(),
                grant(row.getAllPermissions(), row.getPermissions()),
                row.getTokenHash(),
                row.getCreatedAt(),
                row.getLastUsedAt());
    }

    private static TokenAuditEvent toEvent(TokenAuditRecord row) {
        return new TokenAuditEvent(
                row.getOccurredAt(),
                TokenAuditEvent.Action.valueOf(row.getAction()),
                new TokenAuditEvent.Subject(
                        new TokenId(row.getTokenId()),
                        TenantId.of(row.getTenantId()),
                        row.getTokenName(),
                        grant(row.getAllPermissions(), row.getPermissions())),
                new TokenAuditEvent.Actor(
                        row.getActorTokenId() == null ? null : new TokenId(row.getActorTokenId()),
                        row.getActorTenantId() == null ? null : TenantId.of(row.getActorTenantId()),
                        row.getIpAddress()),
                row.getNote());
    }
}
