/** The running service: its lifecycle and scheduled jobs. */
package io.sessionkeeper.app.runtime;
