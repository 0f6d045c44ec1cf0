/**
 * RADIUS wire format: structural validation, MD5 authenticators over the raw bytes, and the mapping between
 * datagrams and domain values, with jradius-core doing the attribute encoding and decoding. Nothing here does I/O.
 */
package io.sessionkeeper.adapter.radius.codec;
