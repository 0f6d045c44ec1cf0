/** Driving ports: one interface per use case, with the command or query record it takes. */
package io.sessionkeeper.domain.port.in;
