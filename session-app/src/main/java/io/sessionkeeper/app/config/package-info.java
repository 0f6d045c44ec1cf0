/** Settings from the environment and an optional file, checked at start-up. */
package io.sessionkeeper.app.config;
