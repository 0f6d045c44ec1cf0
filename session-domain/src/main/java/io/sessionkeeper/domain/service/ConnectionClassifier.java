package io.sessionkeeper.domain.service;

import io.sessionkeeper.domain.model.AccountingEvent;
import io.sessionkeeper.domain.model.ConnectionType;

/**
 * Tells PPPoE from Hotspot from the rest by the attributes a NAS sends (MikroTik's habits first). A NAS's
 * override wins over the attributes.
 */
final class ConnectionClassifier {
    static final int FRAMED_PROTOCOL_PPP = 1;
    static final int SERVICE_TYPE_LOGIN = 1;
    static final int NAS_PORT_TYPE_VIRTUAL = 5;
    static final int NAS_PORT_TYPE_WIRELESS_80211 = 19;

    private ConnectionClassifier() {}

    static ConnectionType classify(AccountingEvent event) {
        if (event.nas().connectionTypeOverride() != null) {
            return event.nas().connectionTypeOverride();
        }
        if (is(event.link().framedProtocol(), FRAMED_PROTOCOL_PPP)) {
            // PPP over a virtual port is L2TP or PPTP, not PPPoE.
            return is(event.link().nasPortType(), NAS_PORT_TYPE_VIRTUAL) ? ConnectionType.OTHER : ConnectionType.PPPOE;
        }
        if (event.port().hostIp() != null
                || is(event.link().serviceType(), SERVICE_TYPE_LOGIN)
                || is(event.link().nasPortType(), NAS_PORT_TYPE_WIRELESS_80211)) {
            return ConnectionType.HOTSPOT;
        }
        return ConnectionType.OTHER;
    }

    private static boolean is(Integer value, int expected) {
        return value != null && value == expected;
    }
}
