/**
 * After a run: what the server recorded, read back through SessionKeeper's REST API or by SQL (SessionKeeper's
 * schema, FreeRADIUS's {@code radacct}, or a query of one's own), compared with the final counters the run sent.
 */
package io.sessionkeeper.loadgen.verify;
