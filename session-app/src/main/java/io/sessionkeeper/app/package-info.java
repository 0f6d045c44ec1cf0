/** The standalone service: wiring, configuration and the entry point. */
package io.sessionkeeper.app;
