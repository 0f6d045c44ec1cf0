/**
 * Dagger wiring: the service's component, one module per side of the hexagon, and one component per kind of work
 * ({@code AccountingWork}, {@code ApiWork}, {@code BackgroundWork}) that builds the domain's services by their
 * {@code @Inject} constructors over that work's connection pool (ADR 0028).
 */
package io.sessionkeeper.app.wiring;
