/** The command line: serve, migrate, cleanup, version. */
package io.sessionkeeper.app.cli;
