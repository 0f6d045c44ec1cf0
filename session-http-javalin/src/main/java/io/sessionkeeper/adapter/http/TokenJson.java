package io.sessionkeeper.adapter.http;

import io.sessionkeeper.domain.model.ApiToken;
import io.sessionkeeper.domain.model.Permission;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.port.in.IssueTokenCommand;
import io.sessionkeeper.domain.port.in.IssuedToken;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** API tokens: the secret appears once, in the answer to POST; listings show ids and permissions only. */
final class TokenJson {
    private TokenJson() {}

    static List<String> codes(Set<Permission> permissions) {
        return permissions.stream().sorted().map(Permission::code).toList();
    }

    /** POST body: tenant (the caller's own when absent) and permissions by their codes. */
    record IssueRequest(String tenant, List<String> permissions) {
        IssueTokenCommand toCommand() {
            Set<Permission> parsed = new LinkedHashSet<>();
            if (permissions != null) {
                for (String code : permissions) {
                    parsed.add(Permission.parse(code));
                }
            }
            return new IssueTokenCommand(tenant == null ? null : TenantId.of(tenant), parsed);
        }
    }

    record Issued(String token, String id, String tenant, List<String> permissions, String createdAt) {
        static Issued from(IssuedToken issued) {
            ApiToken t = issued.token();
            return new Issued(
                    issued.secret(),
                    t.id().toString(),
                    t.tenant().value(),
                    codes(t.permissions()),
                    SessionJson.time(t.createdAt()));
        }
    }

    record View(String id, String tenant, List<String> permissions, String createdAt) {
        static View from(ApiToken t) {
            return new View(
                    t.id().toString(), t.tenant().value(), codes(t.permissions()), SessionJson.time(t.createdAt()));
        }
    }

    record ListResponse(List<View> tokens) {}
}
