package io.sessionkeeper.adapter.http;

/** A stand-in adapter class for the architecture rules' own tests. */
public final class HttpAdapterFixture {}
