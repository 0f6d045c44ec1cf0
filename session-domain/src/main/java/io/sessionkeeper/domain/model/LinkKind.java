package io.sessionkeeper.domain.model;

/**
 * What kind of link the NAS says a session runs on: Service-Type, Framed-Protocol and NAS-Port-Type, as the NAS sent
 * them (each nullable). The connection type is decided from them ({@code ConnectionClassifier}); they are not kept.
 */
public record LinkKind(Integer serviceType, Integer framedProtocol, Integer nasPortType) {
    public static final LinkKind NONE = new LinkKind(null, null, null);
}
