package io.sessionkeeper.adapter.persistence;

import static io.sessionkeeper.adapter.persistence.jooq.Tables.API_TOKENS;

import io.sessionkeeper.adapter.persistence.jooq.tables.records.ApiTokensRecord;
import io.sessionkeeper.adapter.persistence.mapping.Instants;
import io.sessionkeeper.domain.model.ApiToken;
import io.sessionkeeper.domain.model.Permission;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.TokenId;
import io.sessionkeeper.domain.port.out.ApiTokenStore;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.jooq.DSLContext;

/** API tokens in PostgreSQL: only the hash of a secret is stored; permissions as their codes. */
public final class PostgresApiTokenStore implements ApiTokenStore {
    private final DSLContext dsl;

    public PostgresApiTokenStore(DataSource dataSource) {
        this.dsl = JooqContexts.create(dataSource);
    }

    @Override
    public void save(ApiToken token) {
        ApiTokensRecord row = new ApiTokensRecord()
                .setTenantId(token.tenant().value())
                .setId(token.id().value())
                .setTokenHash(token.secretHash())
                .setPermissions(token.permissions().stream()
                        .map(Permission::code)
                        .sorted()
                        .toArray(String[]::new))
                .setCreatedAt(Instants.toDb(token.createdAt()));
        dsl.insertInto(API_TOKENS)
                .set(row)
                .onConflict(API_TOKENS.TENANT_ID, API_TOKENS.ID)
                .doUpdate()
                .set(API_TOKENS.TOKEN_HASH, row.getTokenHash())
                .set(API_TOKENS.PERMISSIONS, row.getPermissions())
                .set(API_TOKENS.CREATED_AT, row.getCreatedAt())
                .execute();
    }

    @Override
    public Optional<ApiToken> findBySecretHash(String secretHash) {
        return dsl.selectFrom(API_TOKENS)
                .where(API_TOKENS.TOKEN_HASH.eq(secretHash))
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
    public boolean delete(TenantId tenant, TokenId id) {
        return dsl.deleteFrom(API_TOKENS)
                        .where(API_TOKENS.TENANT_ID.eq(tenant.value()), API_TOKENS.ID.eq(id.value()))
                        .execute()
                > 0;
    }

    @Override
    public boolean any() {
        return dsl.fetchExists(API_TOKENS);
    }

    private static ApiToken toToken(ApiTokensRecord row) {
        Set<Permission> permissions = EnumSet.noneOf(Permission.class);
        Arrays.stream(row.getPermissions()).map(Permission::parse).forEach(permissions::add);
        return new ApiToken(
                new TokenId(row.getId()),
                TenantId.of(row.getTenantId()),
                permissions,
                row.getTokenHash(),
                row.getCreatedAt());
    }
}
