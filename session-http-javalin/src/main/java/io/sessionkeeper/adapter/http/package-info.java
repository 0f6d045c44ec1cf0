/**
 * The REST API: a thin Javalin adapter over the driving ports. It authenticates bearer tokens, checks the route's
 * permission, limits each token's rate, maps JSON to and from the domain with DTO records, and turns every failure
 * into one error shape in one place ({@link io.sessionkeeper.adapter.http.ErrorMapping}). Javalin, Jackson and
 * Bucket4j stay inside this package.
 */
package io.sessionkeeper.adapter.http;
