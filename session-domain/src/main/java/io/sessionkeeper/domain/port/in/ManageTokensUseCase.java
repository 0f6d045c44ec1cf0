package io.sessionkeeper.domain.port.in;

import io.sessionkeeper.domain.model.ApiToken;
import io.sessionkeeper.domain.model.Principal;
import io.sessionkeeper.domain.model.TokenId;
import java.util.List;

/**
 * Issues, lists, revokes and audits API tokens, and tells a token about itself.
 *
 * <p>Rules: managing tokens needs {@code tokens:manage}; a caller grants only what its own grant covers
 * ({@link io.sessionkeeper.domain.model.Grant#covers}) and revokes only tokens whose grant its own covers; a token
 * for another tenant (which creates that tenant) needs {@code tenants:manage}, which only tokens of the operator
 * tenant hold; operator-only permissions cannot be issued to another tenant's token (400). Every issue and revoke
 * is recorded in the audit with the caller and its address.
 */
public interface ManageTokensUseCase {
    IssuedToken issue(Principal caller, IssueTokenCommand command);

    List<ApiToken> list(Principal caller);

    /**
     * @throws io.sessionkeeper.domain.model.NotFoundException when the caller's tenant has no such token
     * @throws io.sessionkeeper.domain.model.ForbiddenException when the token holds what the caller does not
     */
    void revoke(Principal caller, TokenId id);

    /** The caller's own token; needs no permission. */
    ApiToken describe(Principal caller);

    /**
     * The audit as {@code query} scopes it. Events of the caller's tenant show another tenant's acting token only
     * by its tenant (its id and address are that tenant's business).
     */
    TokenAuditPage audit(Principal caller, TokenAuditQuery query);
}
