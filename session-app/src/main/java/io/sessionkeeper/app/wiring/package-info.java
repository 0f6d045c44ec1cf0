/** Dagger wiring: one singleton component, one module per side of the hexagon. */
package io.sessionkeeper.app.wiring;
