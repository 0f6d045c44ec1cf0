/** The use cases: accounting rules, queries, cleanup, termination and NAS look-up. */
package io.sessionkeeper.domain.service;
