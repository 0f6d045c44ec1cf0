package io.sessionkeeper.domain.model;

/** Active sessions of one NAS; {@code nasName} is empty when the NAS was deleted. */
public record NasSessionCount(NasId nasId, String nasName, long count) {}
