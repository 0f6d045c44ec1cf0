/**
 * The RADIUS side of the service: the UDP accounting listener that acknowledges only what the domain committed,
 * and the Disconnect/CoA client behind {@link io.sessionkeeper.domain.port.out.SessionDisconnector}. jradius types
 * stay inside this module (mostly inside {@code codec}); what leaves it is domain types and plain Java.
 */
package io.sessionkeeper.adapter.radius;
