package io.sessionkeeper.adapter.http.cyclea;

import io.sessionkeeper.adapter.http.cycleb.CycleB;

/** Half of a deliberate package cycle (test sources only). */
public final class CycleA {
    public CycleB next() {
        return new CycleB();
    }
}
