package io.sessionkeeper.app.config;

import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Values of the settings: environment first, then the optional config file, then the defaults. Typed getters
 * reject a bad value with a {@link ConfigException} naming the setting.
 */
public final class Settings {
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private final Map<String, String> values;

    private Settings(Map<String, String> values) {
        this.values = values;
    }

    /** Reads the environment, and the config file it (or {@code configFile}, when not null) names. */
    public static Settings load(Map<String, String> environment, Path configFile) {
        Map<String, String> merged = new HashMap<>();
        Path file = configFile;
        String fromEnv = environment.get(Setting.CONFIG_FILE.key());
        if (file == null && fromEnv != null && !fromEnv.isBlank()) {
            file = Path.of(fromEnv);
        }
        if (file != null) {
            merged.putAll(readFile(file));
        }
        for (Setting setting : Setting.values()) {
            String value = environment.get(setting.key());
            if (value != null) {
                merged.put(setting.key(), value);
            }
        }
        return new Settings(merged);
    }

    public static Settings of(Map<String, String> values) {
        return new Settings(Map.copyOf(values));
    }

    private static Map<String, String> readFile(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new ConfigException(Setting.CONFIG_FILE.key(), "cannot read " + file + ": " + e.getMessage());
        }
        Map<String, String> values = new HashMap<>();
        for (String name : properties.stringPropertyNames()) {
            boolean known = false;
            for (Setting setting : Setting.values()) {
                known |= setting.key().equals(name);
            }
            if (!known) {
                throw new ConfigException(name, "unknown setting in " + file);
            }
            values.put(name, properties.getProperty(name).trim());
        }
        return values;
    }

    public String text(Setting setting) {
        String value = values.get(setting.key());
        return value == null ? setting.defaultValue() : value.trim();
    }

    /** Null when empty. */
    public String optional(Setting setting) {
        String value = text(setting);
        return value.isEmpty() ? null : value;
    }

    public int integer(Setting setting, int min, int max) {
        String value = text(setting);
        try {
            int parsed = Integer.parseInt(value);
            if (parsed < min || parsed > max) {
                throw new ConfigException(setting.key(), "must be " + min + "-" + max + " (got " + value + ")");
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new ConfigException(setting.key(), "must be a whole number (got '" + value + "')");
        }
    }

    public int port(Setting setting) {
        return integer(setting, 0, 65535);
    }

    /** Forms: {@code 500ms}, {@code 30s}, {@code 15m}, {@code 24h}, {@code 7d}, {@code 0}, or ISO-8601 {@code PT24H}. */
    public Duration duration(Setting setting) {
        String value = text(setting).toLowerCase(Locale.ROOT);
        if (value.equals("0")) {
            return Duration.ZERO;
        }
        Matcher matcher = DURATION.matcher(value);
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            return switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }
        try {
            Duration parsed = Duration.parse(value.toUpperCase(Locale.ROOT));
            if (parsed.isNegative()) {
                throw new ConfigException(setting.key(), "must not be negative");
            }
            return parsed;
        } catch (java.time.format.DateTimeParseException e) {
            throw new ConfigException(
                    setting.key(), "must be a duration such as 500ms, 30s, 15m, 24h (got '" + value + "')");
        }
    }

    /** A duration in the short form ({@code 500ms}, {@code 30s}, {@code 10m}), for messages. */
    static String format(Duration duration) {
        if (duration.toMillis() % 1000 != 0) {
            return duration.toMillis() + "ms";
        }
        long seconds = duration.toSeconds();
        if (seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }

    /** An IP literal; host names are refused so that start-up never waits for DNS. */
    public InetAddress address(Setting setting) {
        String value = text(setting);
        if (!io.sessionkeeper.domain.model.IpAddress.isLiteral(value)) {
            throw new ConfigException(setting.key(), "must be an IP address (got '" + value + "')");
        }
        try {
            return InetAddress.getByName(value);
        } catch (UnknownHostException e) {
            throw new ConfigException(setting.key(), "must be an IP address (got '" + value + "')");
        }
    }
}
