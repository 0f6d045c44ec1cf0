/** Rows to domain values and back: sessions, NAS, customers, terminate causes, and the inet/macaddr bindings. */
package io.sessionkeeper.adapter.persistence.mapping;
