/** Prometheus metrics of the accounting listener. */
package io.sessionkeeper.app.metrics;
