package io.sessionkeeper.adapter.radius;

import io.sessionkeeper.adapter.http.HttpAdapterFixture;

/** Deliberately breaks the rules (test sources only): one adapter depending on another. */
public final class CrossAdapterFixture {
    public Object other() {
        return new HttpAdapterFixture();
    }
}
