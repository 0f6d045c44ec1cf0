package io.sessionkeeper.domain.model;

/** How the customer is connected; the statistics count PPPoE and Hotspot separately. */
public enum ConnectionType {
    PPPOE,
    HOTSPOT,
    OTHER
}
