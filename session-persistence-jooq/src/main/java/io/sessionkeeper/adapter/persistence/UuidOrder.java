package io.sessionkeeper.adapter.persistence;

/**
 * PostgreSQL's order of {@code uuid}: the unsigned order of the 128 bits, most significant first (also the order of
 * the ids' canonical text). Compared on the bits, so that no text is built ({@link NasOrder}) and no long is boxed
 * ({@link SessionSamplesAppend.CopyRows}).
 */
final class UuidOrder {
    private UuidOrder() {}

    static int compare(long aMost, long aLeast, long bMost, long bLeast) {
        int most = Long.compareUnsigned(aMost, bMost);
        return most != 0 ? most : Long.compareUnsigned(aLeast, bLeast);
    }
}
