package io.sessionkeeper.domain.model;

import io.sessionkeeper.adapter.http.HttpAdapterFixture;

/** Deliberately breaks the rules (test sources only): a domain class that reaches into an adapter and AssertJ. */
public final class ImpureDomainFixture {
    public String leak() {
        return new HttpAdapterFixture().toString() + org.assertj.core.api.Assertions.class.getName();
    }
}
