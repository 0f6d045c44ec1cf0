/** Driven ports: what the domain needs from the outside world (storage, directories, the NAS). */
package io.sessionkeeper.domain.port.out;
