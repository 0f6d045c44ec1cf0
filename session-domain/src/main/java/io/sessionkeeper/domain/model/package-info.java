/** The domain model: records with their invariants, value types, typed results and the domain's exceptions. Depends on the JDK only. */
package io.sessionkeeper.domain.model;
