/** The load generator's command line: {@code java -jar session-loadgen.jar --help}. */
package io.sessionkeeper.loadgen.cli;
