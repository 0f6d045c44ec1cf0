package io.sessionkeeper.domain.model;

/**
 * Where on its NAS a customer is attached, as the NAS says: NAS-Port-Id (an interface or VLAN name),
 * Called-Station-Id (the PPPoE service or the hotspot's name) and, from MikroTik hotspots, the customer's own address
 * behind the NAT (Host-IP). Each nullable; a session keeps each as last seen.
 */
public record NasPort(String nasPortId, String calledStationId, IpAddress hostIp) {
    public static final NasPort NONE = new NasPort(null, null, null);

    /** A later view's values where it has them, this one's where it has not. */
    public NasPort mergedWith(NasPort later) {
        return new NasPort(
                later.nasPortId != null ? later.nasPortId : nasPortId,
                later.calledStationId != null ? later.calledStationId : calledStationId,
                later.hostIp != null ? later.hostIp : hostIp);
    }
}
