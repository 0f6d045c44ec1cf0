package io.sessionkeeper.adapter.radius.codec;

import java.util.List;
import net.jradius.dictionary.Attr_ProxyState;
import net.jradius.packet.AccountingResponse;

/**
 * Builds Accounting-Responses with jradius: Proxy-State attributes of the request copied in order (RFC 2865 §5.33,
 * RFC 2866 §4.2), the Response Authenticator computed over the packed octets.
 */
public final class AccountingResponseEncoder {

    public AccountingResponseEncoder() {
        RadiusDictionary.ensureLoaded();
    }

    public byte[] encode(AccountingRequestValues request, byte[] secret) {
        return encode(request.identifier(), request.authenticator(), request.proxyStates(), secret);
    }

    public byte[] encode(int identifier, byte[] requestAuthenticator, List<byte[]> proxyStates, byte[] secret) {
        AccountingResponse response = new AccountingResponse();
        response.setIdentifier(identifier);
        for (byte[] state : proxyStates) {
            response.addAttribute(JradiusPacker.octets(new Attr_ProxyState(), state));
        }
        byte[] octets = JradiusPacker.pack(response);
        Authenticators.signResponse(octets, octets.length, requestAuthenticator, secret);
        return octets;
    }
}
