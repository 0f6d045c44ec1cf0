package io.sessionkeeper.adapter.radius.codec;

import net.jradius.log.RadiusLogger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * jradius logs through a static {@link RadiusLogger} (commons-logging by default) and warns once per unknown
 * attribute per packet. Everything it says goes to slf4j logger {@code net.jradius} at debug level: the adapter
 * validates and counts bad input itself, and logs it rate-limited.
 */
final class JradiusLogBridge implements RadiusLogger {
    private static final Logger LOG = LoggerFactory.getLogger("net.jradius");

    @Override
    public boolean isLoggable(int level) {
        return LOG.isDebugEnabled();
    }

    @Override
    public void error(String message) {
        LOG.debug(message);
    }

    @Override
    public void error(String message, Throwable e) {
        LOG.debug(message, e);
    }

    @Override
    public void warn(String message) {
        LOG.debug(message);
    }

    @Override
    public void warn(String message, Throwable e) {
        LOG.debug(message, e);
    }

    @Override
    public void info(String message) {
        LOG.debug(message);
    }

    @Override
    public void info(String message, Throwable e) {
        LOG.debug(message, e);
    }

    @Override
    public void debug(String message) {
        LOG.trace(message);
    }

    @Override
    public void debug(String message, Throwable e) {
        LOG.trace(message, e);
    }
}
