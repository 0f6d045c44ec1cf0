package io.sessionkeeper.loadgen;

/** Stands for the load generator of module session-loadgen in the architecture rules' bite tests (test sources). */
public final class LoadgenFixture {
    public int run() {
        return 0;
    }
}
