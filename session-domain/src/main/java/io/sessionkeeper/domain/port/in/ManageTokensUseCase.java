package io.sessionkeeper.domain.port.in;

import io.sessionkeeper.domain.model.ApiToken;
import io.sessionkeeper.domain.model.Principal;
import io.sessionkeeper.domain.model.TokenId;
import java.util.List;

/**
 * Issues, lists and revokes API tokens. Needs {@code tokens:manage}; a token for another tenant (which creates
 * that tenant) needs {@code tenants:manage}; a caller cannot grant permissions it does not hold.
 */
public interface ManageTokensUseCase {
    IssuedToken issue(Principal caller, IssueTokenCommand command);

    List<ApiToken> list(Principal caller);

    /** @throws io.sessionkeeper.domain.model.NotFoundException when the caller's tenant has no such token */
    void revoke(Principal caller, TokenId id);
}
