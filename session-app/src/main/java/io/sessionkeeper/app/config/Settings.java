package io.sessionkeeper.app.config;

import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Values of the settings: environment first, then the optional config file, then the defaults. Typed getters
 * reject a bad value with a {@link ConfigException} naming the setting.
 */
public final class Settings {
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");
    /** The longest duration any setting takes: beyond it, arithmetic on instants and timers could overflow. */
    static final Duration LONGEST = Duration.ofDays(3650);
    /**
     * {@code SESSION_} variables that belong to others: the desktop's session manager, and the test harness's
     * database (docs/persistence.md). Not worth a warning.
     */
    private static final Set<String> FOREIGN = Set.of("SESSION_MANAGER");

    private static final String FOREIGN_PREFIX = "SESSION_TEST_";

    private final Map<String, String> values;
    private final List<String> warnings;

    private Settings(Map<String, String> values, List<String> warnings) {
        this.values = values;
        this.warnings = List.copyOf(warnings);
    }

    /** Reads the environment, and the config file it (or {@code configFile}, when not null) names. */
    public static Settings load(Map<String, String> environment, Path configFile) {
        Map<String, String> merged = new HashMap<>();
        Path file = configFile;
        String fromEnv = environment.get(Setting.CONFIG_FILE.key());
        if (file == null && fromEnv != null && !fromEnv.isBlank()) {
            file = Settings.of(environment).path(Setting.CONFIG_FILE);
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
        return new Settings(merged, unknownVariables(environment));
    }

    public static Settings of(Map<String, String> values) {
        return new Settings(Map.copyOf(values), List.of());
    }

    /**
     * One line per {@code SESSION_} environment variable that is no setting (a typing mistake would otherwise be
     * silently ignored), naming the closest setting; sorted, never the value (it may be a password).
     */
    public List<String> warnings() {
        return warnings;
    }

    private static List<String> unknownVariables(Map<String, String> environment) {
        List<String> lines = new ArrayList<>();
        for (String name : new TreeSet<>(environment.keySet())) {
            if (name.startsWith("SESSION_")
                    && Setting.byKey(name).isEmpty()
                    && !FOREIGN.contains(name)
                    && !name.startsWith(FOREIGN_PREFIX)) {
                lines.add(name + " is not a setting and is ignored" + suggestion(name));
            }
        }
        return lines;
    }

    /** {@code " (did you mean SESSION_HTTP_PORT?)"} when a setting is a few edits away, else a pointer. */
    static String suggestion(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        Setting closest = java.util.Arrays.stream(Setting.values())
                .min(Comparator.comparingInt((Setting s) -> distance(upper, s.key()))
                        .thenComparing(Setting::key))
                .orElseThrow();
        int distance = distance(upper, closest.key());
        if (distance <= Math.max(3, closest.key().length() / 4)) {
            return " (did you mean " + closest.key() + "?)";
        }
        return " (the settings are listed in README.md, \"Configuration\")";
    }

    /** Levenshtein distance: insertions, deletions and substitutions. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
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
            if (Setting.byKey(name).isEmpty()) {
                // a file is written on purpose: a name there that is no setting is a mistake worth stopping for
                throw new ConfigException(name, "unknown setting in " + file + suggestion(name));
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

    /** {@code true} or {@code false}, case-insensitive. */
    public boolean bool(Setting setting) {
        String value = text(setting).toLowerCase(Locale.ROOT);
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigException(setting.key(), "must be true or false (got '" + value + "')");
        };
    }

    public int port(Setting setting) {
        return integer(setting, 0, 65535);
    }

    /**
     * Forms: {@code 500ms}, {@code 30s}, {@code 15m}, {@code 24h}, {@code 7d}, {@code 0}, or ISO-8601 {@code PT24H};
     * at most {@link #LONGEST}.
     */
    public Duration duration(Setting setting) {
        String value = text(setting).toLowerCase(Locale.ROOT);
        Duration parsed = parseDuration(setting, value);
        if (parsed.isNegative()) {
            throw new ConfigException(setting.key(), "must not be negative (got '" + value + "')");
        }
        if (parsed.compareTo(LONGEST) > 0) {
            throw new ConfigException(setting.key(), "must be at most " + format(LONGEST) + " (got '" + value + "')");
        }
        return parsed;
    }

    private static Duration parseDuration(Setting setting, String value) {
        if (value.equals("0")) {
            return Duration.ZERO;
        }
        Matcher matcher = DURATION.matcher(value);
        try {
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
            return Duration.parse(value.toUpperCase(Locale.ROOT));
        } catch (NumberFormatException | ArithmeticException e) {
            // digits beyond a long, or a number of days beyond Duration: a value, not a crash
            throw new ConfigException(
                    setting.key(), "is too long a duration; at most " + format(LONGEST) + " (got '" + value + "')");
        } catch (java.time.format.DateTimeParseException e) {
            throw new ConfigException(
                    setting.key(), "must be a duration such as 500ms, 30s, 15m, 24h (got '" + value + "')");
        }
    }

    /**
     * {@code key=duration} items separated by commas ({@code acme=180d,globex=30d}), each duration as {@link
     * #duration}; empty: none. A key given twice is refused.
     */
    public Map<String, Duration> durationsByKey(Setting setting) {
        Map<String, Duration> result = new LinkedHashMap<>();
        String text = text(setting).strip();
        if (text.isEmpty()) {
            return result;
        }
        for (String item : text.split(",")) {
            int equals = item.indexOf('=');
            if (equals <= 0) {
                throw new ConfigException(setting.key(), "items must be key=duration (got '" + item.strip() + "')");
            }
            String key = item.substring(0, equals).strip();
            Duration value =
                    parseDuration(setting, item.substring(equals + 1).strip().toLowerCase(Locale.ROOT));
            if (value.isNegative() || value.compareTo(LONGEST) > 0) {
                throw new ConfigException(setting.key(), "the duration of " + key + " must be 0 to " + format(LONGEST));
            }
            if (result.put(key, value) != null) {
                throw new ConfigException(setting.key(), key + " is given twice");
            }
        }
        return result;
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

    /** A file system path; one the system cannot name (a NUL in it) is refused naming the setting. */
    public Path path(Setting setting) {
        String value = text(setting);
        try {
            return Path.of(value);
        } catch (java.nio.file.InvalidPathException e) {
            throw new ConfigException(setting.key(), "is not a usable path: " + e.getReason());
        }
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
