package io.sessionkeeper.adapter.http;

import io.sessionkeeper.domain.model.ApiToken;
import io.sessionkeeper.domain.model.Grant;
import io.sessionkeeper.domain.model.InvalidValueException;
import io.sessionkeeper.domain.model.Permission;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.TokenAuditEvent;
import io.sessionkeeper.domain.port.in.IssueTokenCommand;
import io.sessionkeeper.domain.port.in.IssuedToken;
import io.sessionkeeper.domain.port.in.TokenAuditPage;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * API tokens: the secret appears once, in the answer to POST; listings show ids and permissions only. A token's
 * {@code permissions} are what it holds today; {@code all} says it also holds whatever a later release adds.
 */
final class TokenJson {
    private TokenJson() {}

    static List<String> codes(Set<Permission> permissions) {
        return permissions.stream().sorted().map(Permission::code).toList();
    }

    /**
     * POST body: tenant (the caller's own when absent), an optional name, and permissions by their codes, or
     * {@code ["*"]} for all.
     */
    record IssueRequest(String tenant, String name, List<String> permissions) {
        IssueTokenCommand toCommand() {
            return new IssueTokenCommand(tenant == null ? null : TenantId.of(tenant), name, grant(permissions));
        }

        private static Grant grant(List<String> codes) {
            if (codes == null) {
                return null;
            }
            if (codes.contains(Grant.ALL_CODE)) {
                InvalidValueException.require(
                        codes.size() == 1, "permissions", "'" + Grant.ALL_CODE + "' (all) stands alone");
                return Grant.ALL;
            }
            Set<Permission> parsed = new LinkedHashSet<>();
            for (String code : codes) {
                parsed.add(Permission.parse(code));
            }
            return Grant.of(parsed);
        }
    }

    record Issued(
            String token,
            String id,
            String name,
            String tenant,
            boolean all,
            List<String> permissions,
            String createdAt) {
        static Issued from(IssuedToken issued) {
            ApiToken t = issued.token();
            return new Issued(
                    issued.secret(),
                    t.id().toString(),
                    t.name(),
                    t.tenant().value(),
                    t.grant().all(),
                    codes(t.permissions()),
                    SessionJson.time(t.createdAt()));
        }
    }

    /** A token in a listing, and a token's view of itself ({@code GET /api/me}). */
    record View(
            String id,
            String name,
            String tenant,
            boolean all,
            List<String> permissions,
            String createdAt,
            String lastUsedAt) {
        static View from(ApiToken t) {
            return new View(
                    t.id().toString(),
                    t.name(),
                    t.tenant().value(),
                    t.grant().all(),
                    codes(t.permissions()),
                    SessionJson.time(t.createdAt()),
                    SessionJson.time(t.lastUsedAt()));
        }
    }

    record ListResponse(List<View> tokens) {}

    /** The token an audit event concerns, as it was then. */
    record AuditToken(String id, String name, String tenant, boolean all, List<String> permissions) {
        static AuditToken from(TokenAuditEvent.Subject s) {
            return new AuditToken(
                    s.id().toString(),
                    s.name(),
                    s.tenant().value(),
                    s.grant().all(),
                    codes(s.grant().permissionsFor(s.tenant())));
        }
    }

    /** Who acted: a token of a tenant, or the service itself ({@code service}: bootstrap, migrations). */
    record AuditActor(boolean service, String tenant, String tokenId, String clientAddress) {
        static AuditActor from(TokenAuditEvent.Actor a) {
            return new AuditActor(
                    a.isService(),
                    a.tenant() == null ? null : a.tenant().value(),
                    a.tokenId() == null ? null : a.tokenId().toString(),
                    a.clientAddress() == null ? null : a.clientAddress().toString());
        }
    }

    record AuditEvent(String at, String action, AuditToken token, AuditActor actor, String note) {
        static AuditEvent from(TokenAuditEvent e) {
            return new AuditEvent(
                    SessionJson.time(e.at()),
                    e.action().name().toLowerCase(Locale.ROOT),
                    AuditToken.from(e.token()),
                    AuditActor.from(e.actor()),
                    e.note());
        }
    }

    record AuditPage(List<AuditEvent> events, long total, int page, int pageSize) {
        static AuditPage from(TokenAuditPage page) {
            return new AuditPage(
                    page.events().stream().map(AuditEvent::from).toList(), page.total(), page.page(), page.pageSize());
        }
    }
}
