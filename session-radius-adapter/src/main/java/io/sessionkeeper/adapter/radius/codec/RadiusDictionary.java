package io.sessionkeeper.adapter.radius.codec;

import java.util.List;
import java.util.Map;
import net.jradius.dictionary.Attr_AcctDelayTime;
import net.jradius.dictionary.Attr_AcctInputGigawords;
import net.jradius.dictionary.Attr_AcctInputOctets;
import net.jradius.dictionary.Attr_AcctInputPackets;
import net.jradius.dictionary.Attr_AcctInterimInterval;
import net.jradius.dictionary.Attr_AcctOutputGigawords;
import net.jradius.dictionary.Attr_AcctOutputOctets;
import net.jradius.dictionary.Attr_AcctOutputPackets;
import net.jradius.dictionary.Attr_AcctSessionId;
import net.jradius.dictionary.Attr_AcctSessionTime;
import net.jradius.dictionary.Attr_AcctStatusType;
import net.jradius.dictionary.Attr_AcctTerminateCause;
import net.jradius.dictionary.Attr_CalledStationId;
import net.jradius.dictionary.Attr_CallingStationId;
import net.jradius.dictionary.Attr_ErrorCause;
import net.jradius.dictionary.Attr_EventTimestamp;
import net.jradius.dictionary.Attr_FramedIPAddress;
import net.jradius.dictionary.Attr_FramedProtocol;
import net.jradius.dictionary.Attr_NASIPAddress;
import net.jradius.dictionary.Attr_NASIPv6Address;
import net.jradius.dictionary.Attr_NASIdentifier;
import net.jradius.dictionary.Attr_NASPort;
import net.jradius.dictionary.Attr_NASPortId;
import net.jradius.dictionary.Attr_NASPortType;
import net.jradius.dictionary.Attr_ProxyState;
import net.jradius.dictionary.Attr_ServiceType;
import net.jradius.dictionary.Attr_UserName;
import net.jradius.dictionary.Attr_VendorSpecific;
import net.jradius.dictionary.vsa_mikrotik.Attr_MikrotikGroup;
import net.jradius.dictionary.vsa_mikrotik.Attr_MikrotikHostIP;
import net.jradius.dictionary.vsa_mikrotik.Attr_MikrotikRateLimit;
import net.jradius.log.RadiusLog;
import net.jradius.packet.attribute.AttributeDictionary;
import net.jradius.packet.attribute.AttributeFactory;
import net.jradius.packet.attribute.RadiusAttribute;
import net.jradius.packet.attribute.VSADictionary;

/**
 * The attributes this service reads and writes, as a small jradius {@link AttributeDictionary}: the ~25 standard
 * accounting and Disconnect/CoA attributes and three MikroTik vendor attributes, each bound to its generated class
 * from jradius-dictionary. Loading it takes milliseconds and touches ~30 classes, where jradius's full dictionary
 * costs ~400 ms and ~4,500 classes.
 *
 * <p>jradius keeps its dictionary in global static maps that are not synchronised: they must be filled before any
 * thread parses, and only read afterwards. {@link #ensureLoaded()} is that one-time step; every codec entry point
 * calls it. It also routes jradius's own logging to slf4j at debug level, so a flood of odd packets cannot flood
 * the log through jradius.
 */
public final class RadiusDictionary implements AttributeDictionary {

    /** How a value is laid out on the wire; decides which lengths are valid. */
    public enum Kind {
        STRING,
        OCTETS,
        INTEGER,
        IPV4,
        IPV6,
        DATE;

        /** Whether a value of {@code length} octets is well-formed for this kind (RFC 2865 §5, RFC 8044). */
        public boolean validLength(int length) {
            return switch (this) {
                case INTEGER, IPV4, DATE -> length == 4;
                case IPV6 -> length == 16;
                case STRING, OCTETS -> length >= 1 && length <= Radius.MAX_ATTRIBUTE_VALUE_LENGTH;
            };
        }
    }

    /** One attribute: its number (vendor 0 for standard ones), wire kind and jradius class. */
    public record Spec(long vendor, int type, String name, Kind kind, Class<? extends RadiusAttribute> jradiusClass) {}

    private static final List<Spec> STANDARD = List.of(
            standard(Radius.USER_NAME, "User-Name", Kind.STRING, Attr_UserName.class),
            standard(Radius.NAS_IP_ADDRESS, "NAS-IP-Address", Kind.IPV4, Attr_NASIPAddress.class),
            standard(Radius.NAS_PORT, "NAS-Port", Kind.INTEGER, Attr_NASPort.class),
            standard(Radius.SERVICE_TYPE, "Service-Type", Kind.INTEGER, Attr_ServiceType.class),
            standard(Radius.FRAMED_PROTOCOL, "Framed-Protocol", Kind.INTEGER, Attr_FramedProtocol.class),
            standard(Radius.FRAMED_IP_ADDRESS, "Framed-IP-Address", Kind.IPV4, Attr_FramedIPAddress.class),
            standard(Radius.CALLED_STATION_ID, "Called-Station-Id", Kind.STRING, Attr_CalledStationId.class),
            standard(Radius.CALLING_STATION_ID, "Calling-Station-Id", Kind.STRING, Attr_CallingStationId.class),
            standard(Radius.NAS_IDENTIFIER, "NAS-Identifier", Kind.STRING, Attr_NASIdentifier.class),
            standard(Radius.PROXY_STATE, "Proxy-State", Kind.OCTETS, Attr_ProxyState.class),
            standard(Radius.ACCT_STATUS_TYPE, "Acct-Status-Type", Kind.INTEGER, Attr_AcctStatusType.class),
            standard(Radius.ACCT_DELAY_TIME, "Acct-Delay-Time", Kind.INTEGER, Attr_AcctDelayTime.class),
            standard(Radius.ACCT_INPUT_OCTETS, "Acct-Input-Octets", Kind.INTEGER, Attr_AcctInputOctets.class),
            standard(Radius.ACCT_OUTPUT_OCTETS, "Acct-Output-Octets", Kind.INTEGER, Attr_AcctOutputOctets.class),
            standard(Radius.ACCT_SESSION_ID, "Acct-Session-Id", Kind.STRING, Attr_AcctSessionId.class),
            standard(Radius.ACCT_SESSION_TIME, "Acct-Session-Time", Kind.INTEGER, Attr_AcctSessionTime.class),
            standard(Radius.ACCT_INPUT_PACKETS, "Acct-Input-Packets", Kind.INTEGER, Attr_AcctInputPackets.class),
            standard(Radius.ACCT_OUTPUT_PACKETS, "Acct-Output-Packets", Kind.INTEGER, Attr_AcctOutputPackets.class),
            standard(Radius.ACCT_TERMINATE_CAUSE, "Acct-Terminate-Cause", Kind.INTEGER, Attr_AcctTerminateCause.class),
            standard(Radius.ACCT_INPUT_GIGAWORDS, "Acct-Input-Gigawords", Kind.INTEGER, Attr_AcctInputGigawords.class),
            standard(
                    Radius.ACCT_OUTPUT_GIGAWORDS,
                    "Acct-Output-Gigawords",
                    Kind.INTEGER,
                    Attr_AcctOutputGigawords.class),
            standard(Radius.EVENT_TIMESTAMP, "Event-Timestamp", Kind.DATE, Attr_EventTimestamp.class),
            standard(Radius.NAS_PORT_TYPE, "NAS-Port-Type", Kind.INTEGER, Attr_NASPortType.class),
            standard(
                    Radius.ACCT_INTERIM_INTERVAL,
                    "Acct-Interim-Interval",
                    Kind.INTEGER,
                    Attr_AcctInterimInterval.class),
            standard(Radius.NAS_PORT_ID, "NAS-Port-Id", Kind.STRING, Attr_NASPortId.class),
            standard(Radius.NAS_IPV6_ADDRESS, "NAS-IPv6-Address", Kind.IPV6, Attr_NASIPv6Address.class),
            standard(Radius.ERROR_CAUSE, "Error-Cause", Kind.INTEGER, Attr_ErrorCause.class));

    private static final List<Spec> MIKROTIK = List.of(
            mikrotik(Radius.MIKROTIK_GROUP, "Mikrotik-Group", Kind.STRING, Attr_MikrotikGroup.class),
            mikrotik(Radius.MIKROTIK_RATE_LIMIT, "Mikrotik-Rate-Limit", Kind.STRING, Attr_MikrotikRateLimit.class),
            mikrotik(Radius.MIKROTIK_HOST_IP, "Mikrotik-Host-IP", Kind.IPV4, Attr_MikrotikHostIP.class));

    private static volatile boolean loaded;

    /** jradius instantiates dictionaries reflectively; use {@link #ensureLoaded()}. */
    public RadiusDictionary() {}

    /** Loads the dictionary into jradius once per JVM, before the first packet is parsed or built. */
    public static void ensureLoaded() {
        if (loaded) {
            return;
        }
        synchronized (RadiusDictionary.class) {
            if (!loaded) {
                RadiusLog.setRadiusLogger(new JradiusLogBridge());
                AttributeFactory.loadAttributeDictionary(new RadiusDictionary());
                loaded = true;
            }
        }
    }

    /** The standard attributes this service reads and writes. */
    public static List<Spec> standardSpecs() {
        return STANDARD;
    }

    /** The MikroTik vendor attributes (vendor {@value Radius#VENDOR_MIKROTIK}) this service reads and writes. */
    public static List<Spec> mikrotikSpecs() {
        return MIKROTIK;
    }

    @Override
    public void loadVendorCodes(Map<Long, Class<?>> map) {
        map.put(Radius.VENDOR_MIKROTIK, MikrotikVendor.class);
    }

    @Override
    public void loadAttributes(Map<Long, Class<?>> map) {
        for (Spec spec : STANDARD) {
            map.put((long) spec.type(), spec.jradiusClass());
        }
        map.put((long) Radius.VENDOR_SPECIFIC, Attr_VendorSpecific.class);
    }

    @Override
    public void loadAttributesNames(Map<String, Class<?>> map) {
        for (Spec spec : STANDARD) {
            map.put(spec.name(), spec.jradiusClass());
        }
        map.put("Vendor-Specific", Attr_VendorSpecific.class);
    }

    /** The MikroTik attributes (vendor 14988) this service uses; instantiated by jradius. */
    public static final class MikrotikVendor implements VSADictionary {
        public MikrotikVendor() {}

        @Override
        public String getVendorName() {
            return "Mikrotik";
        }

        @Override
        public void loadAttributes(Map<Long, Class<?>> map) {
            for (Spec spec : MIKROTIK) {
                map.put((long) spec.type(), spec.jradiusClass());
            }
        }

        @Override
        public void loadAttributesNames(Map<String, Class<?>> map) {
            for (Spec spec : MIKROTIK) {
                map.put(spec.name(), spec.jradiusClass());
            }
        }
    }

    private static Spec standard(int type, String name, Kind kind, Class<? extends RadiusAttribute> jradiusClass) {
        return new Spec(0, type, name, kind, jradiusClass);
    }

    private static Spec mikrotik(int type, String name, Kind kind, Class<? extends RadiusAttribute> jradiusClass) {
        return new Spec(Radius.VENDOR_MIKROTIK, type, name, kind, jradiusClass);
    }
}
