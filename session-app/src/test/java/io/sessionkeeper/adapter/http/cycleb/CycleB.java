package io.sessionkeeper.adapter.http.cycleb;

import io.sessionkeeper.adapter.http.cyclea.CycleA;

/** The other half of a deliberate package cycle (test sources only). */
public final class CycleB {
    public CycleA back() {
        return new CycleA();
    }
}
