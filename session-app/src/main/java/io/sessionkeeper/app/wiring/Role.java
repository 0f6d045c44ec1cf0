package io.sessionkeeper.app.wiring;

import io.sessionkeeper.adapter.persistence.database.PoolRole;
import jakarta.inject.Qualifier;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;

/**
 * A driven port (or a use case built on them) working on the connection pool of one kind of work: the accounting
 * path gets {@code @Role(ACCOUNTING)} ports, REST requests {@code @Role(API)}, scheduled jobs {@code
 * @Role(BACKGROUND)}. So the wiring alone decides whose connections a service may take.
 */
@Qualifier
@Documented
@Retention(RetentionPolicy.RUNTIME)
public @interface Role {
    PoolRole value();
}
