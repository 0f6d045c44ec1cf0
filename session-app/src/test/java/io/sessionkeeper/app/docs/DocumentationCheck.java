package io.sessionkeeper.app.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sessionkeeper.adapter.radius.DropReason;
import io.sessionkeeper.app.cli.SessionKeeperCommand;
import io.sessionkeeper.app.config.Setting;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine;

/**
 * What a page of documentation names that must exist in the code: settings ({@code SESSION_…}), HTTP routes (by the
 * OpenAPI document, which {@code OpenApiContractTest} holds to the registered routes), commands of the jar and their
 * options, Prometheus metric names and drop reasons, and Java types in inline code. {@link #problems} lists every
 * name that does not exist, with the page and line.
 */
final class DocumentationCheck {
    /** Read by the test harnesses, not the service (docs/persistence.md documents them as such). */
    private static final Set<String> TEST_SETTINGS =
            Set.of("SESSION_TEST_DB_URL", "SESSION_TEST_DB_USER", "SESSION_TEST_DB_PASSWORD");
    /** {@code sessionkeeper_…} names that are no metric: FreeRADIUS configuration in nas-setup.md. */
    private static final Set<String> NOT_METRICS = Set.of("sessionkeeper_detail", "sessionkeeper_pool");
    /**
     * CamelCase words in inline code that are no Java type: an HTTP header, PostgreSQL plan nodes (persistence.md).
     */
    private static final Set<String> NOT_TYPES = Set.of("Host", "BitmapOr", "HashAggregate", "LockRows");

    private static final Pattern SETTING = Pattern.compile("\\bSESSION_[A-Z0-9_]*[A-Z0-9]");
    private static final Pattern ROUTE = Pattern.compile(
            "(?:\\b(GET|POST|PUT|DELETE|PATCH|HEAD)\\s+)?(?<![\\w.])(/api(?:/[A-Za-z0-9_{}$<>.-]*)*|/health/[a-z]+|/metrics\\b|/openapi\\.json)");
    private static final Pattern COMMAND = Pattern.compile(
            "session-app(?:/target/session-app)?\\.jar((?:\\s+--?[a-z][a-z-]*(?:[ =][^\\s`]+)?)*)\\s+([a-z][a-z-]*)([^`\\n]*)");
    private static final Pattern OPTION = Pattern.compile("(?<![\\w-])(--?[a-z][a-z-]*)");
    private static final Pattern METRIC = Pattern.compile("\\bsessionkeeper_[a-z0-9_]*[a-z0-9]");
    private static final Pattern REASON = Pattern.compile("reason=\\\\?\"([a-z_-]+)\\\\?\"");
    private static final Pattern INLINE_CODE = Pattern.compile("`([^`\\n]+)`");
    private static final Pattern TYPE_REFERENCE = Pattern.compile(
            "((?:[a-z][a-z0-9]*\\.)*)([A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*)((?:\\.[A-Z][A-Za-z0-9]*)*)(?:\\.[a-z]\\w*(?:\\(.*\\))?|#\\w+)?");
    private static final Pattern FENCE = Pattern.compile("(?ms)^```.*?^```");
    private static final List<String> JDK_PACKAGES = List.of(
            "java.lang",
            "java.util",
            "java.util.concurrent",
            "java.util.concurrent.atomic",
            "java.time",
            "java.net",
            "java.nio",
            "java.io",
            "java.sql",
            "javax.sql");

    private final Set<String> settings = new HashSet<>();
    private final Map<String, Set<String>> routes = new HashMap<>();
    private final Map<String, Set<String>> commands = new HashMap<>();
    private final Set<String> metrics = new HashSet<>();
    private final Set<String> reasons = new HashSet<>();
    /** Simple type name → the package-qualified names it has (ours, from the sources, and the classpath's). */
    private final Map<String, Set<String>> types = new HashMap<>();

    /** The names as the code has them; {@code root} is the repository (for the sources). */
    static DocumentationCheck ofTheCode(Path root) {
        DocumentationCheck check = new DocumentationCheck();
        for (Setting setting : Setting.values()) {
            check.settings.add(setting.key());
        }
        check.settings.addAll(TEST_SETTINGS);
        check.readRoutes();
        CommandLine commandLine = SessionKeeperCommand.commandLine();
        check.commands.put("", options(commandLine));
        commandLine.getSubcommands().forEach((name, sub) -> check.commands.put(name, options(sub)));
        for (DropReason reason : DropReason.values()) {
            check.reasons.add(reason.label());
        }
        check.readSources(root);
        check.readClasspath();
        return check;
    }

    private static Set<String> options(CommandLine commandLine) {
        Set<String> names = new HashSet<>();
        commandLine.getCommandSpec().options().forEach(o -> names.addAll(List.of(o.names())));
        return names;
    }

    private void readRoutes() {
        try (InputStream in = getClass().getResourceAsStream("/io/sessionkeeper/adapter/http/openapi.json")) {
            JsonNode paths = new ObjectMapper().readTree(in).get("paths");
            for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> path = it.next();
                Set<String> methods = new HashSet<>();
                path.getValue().fieldNames().forEachRemaining(m -> methods.add(m.toUpperCase(Locale.ROOT)));
                routes.put(path.getKey(), methods);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Meter names and types declared in the sources: their Prometheus names, and every type name. */
    private void readSources(Path root) {
        Pattern meter = Pattern.compile(
                "(Counter|Timer|Gauge|DistributionSummary)\\.builder\\(\\s*\"(sessionkeeper\\.[a-z.]+)\"");
        Pattern declaration = Pattern.compile("\\b(?:class|record|interface|enum)\\s+([A-Z][A-Za-z0-9]*)");
        Pattern packageLine = Pattern.compile("^package\\s+([a-z0-9.]+);", Pattern.MULTILINE);
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")
                            && p.toString().contains("/src/")
                            && !p.toString().contains("/target/"))
                    .toList()) {
                String source = Files.readString(file);
                Matcher pkg = packageLine.matcher(source);
                String packageName = pkg.find() ? pkg.group(1) : "";
                Matcher declared = declaration.matcher(source);
                while (declared.find()) {
                    types.computeIfAbsent(declared.group(1), k -> new HashSet<>())
                            .add(packageName + "." + declared.group(1));
                }
                Matcher meters = meter.matcher(source);
                while (meters.find()) {
                    String base = meters.group(2).replace('.', '_');
                    switch (meters.group(1)) {
                        case "Counter" -> metrics.add(base + "_total");
                        case "Timer" ->
                            metrics.addAll(List.of(
                                    base + "_seconds",
                                    base + "_seconds_count",
                                    base + "_seconds_sum",
                                    base + "_seconds_max",
                                    base + "_seconds_bucket"));
                        case "DistributionSummary" ->
                            metrics.addAll(
                                    List.of(base, base + "_count", base + "_sum", base + "_max", base + "_bucket"));
                        default -> metrics.add(base);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every class of the libraries on the classpath (jradius, HikariCP, Javalin …), by simple name. */
    private void readClasspath() {
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (!entry.endsWith(".jar")) {
                continue;
            }
            try (java.util.jar.JarFile jar = new java.util.jar.JarFile(entry)) {
                jar.stream()
                        .map(java.util.jar.JarEntry::getName)
                        .filter(n -> n.endsWith(".class") && !n.contains("$") && !n.startsWith("META-INF"))
                        .forEach(n -> {
                            String qualified = n.substring(0, n.length() - 6).replace('/', '.');
                            types.computeIfAbsent(
                                            qualified.substring(qualified.lastIndexOf('.') + 1), k -> new HashSet<>())
                                    .add(qualified);
                        });
            } catch (IOException e) {
                // not a readable jar: its classes are not counted
            }
        }
    }

    /** Every name in {@code text} (a page called {@code page}) that the code does not have, one line each. */
    List<String> problems(String page, String text) {
        List<String> problems = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        String prose = FENCE.matcher(text).replaceAll(m -> "\n".repeat(count(m.group(), '\n')));
        String[] proseLines = prose.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String where = page + ":" + (i + 1) + ": ";
            String line = lines[i];
            Matcher setting = SETTING.matcher(line);
            while (setting.find()) {
                if (!settings.contains(setting.group())) {
                    problems.add(where + "no setting " + setting.group());
                }
            }
            Matcher route = ROUTE.matcher(line);
            while (route.find()) {
                String path = route.group(2).replaceAll("[.]+$", "");
                if (!routeExists(route.group(1), path)) {
                    problems.add(where + "no route " + (route.group(1) == null ? "" : route.group(1) + " ") + path);
                }
            }
            Matcher command = COMMAND.matcher(line);
            while (command.find()) {
                checkCommand(where, command, problems);
            }
            Matcher metric = METRIC.matcher(line);
            while (metric.find()) {
                if (!NOT_METRICS.contains(metric.group()) && !metricOrPrefix(metric.group())) {
                    problems.add(where + "no metric " + metric.group());
                }
            }
            Matcher reason = REASON.matcher(line);
            while (reason.find()) {
                if (!reasons.contains(reason.group(1))) {
                    problems.add(where + "no drop reason " + reason.group(1));
                }
            }
            Matcher code = INLINE_CODE.matcher(proseLines[i]);
            while (code.find()) {
                Matcher type = TYPE_REFERENCE.matcher(code.group(1).trim());
                if (type.matches()
                        && !NOT_TYPES.contains(code.group(1).trim())
                        && !typeExists(type.group(1), type.group(2), type.group(3))) {
                    problems.add(where + "no type " + code.group(1));
                }
            }
        }
        return problems;
    }

    /** A metric, or the start of some ({@code grep sessionkeeper_radius}). */
    private boolean metricOrPrefix(String name) {
        return metrics.contains(name) || metrics.stream().anyMatch(m -> m.startsWith(name + "_"));
    }

    private static int count(String text, char c) {
        return (int) text.chars().filter(x -> x == c).count();
    }

    private boolean routeExists(String method, String path) {
        String[] wanted = path.split("\\?")[0].replaceAll("/+$", "").split("/");
        for (Map.Entry<String, Set<String>> route : routes.entrySet()) {
            String[] template = route.getKey().split("/");
            if (template.length != wanted.length
                    || (method != null && !route.getValue().contains(method))) {
                continue;
            }
            boolean same = true;
            for (int i = 0; i < template.length && same; i++) {
                same = template[i].equals(wanted[i])
                        || (template[i].startsWith("{") && !wanted[i].isEmpty())
                        || wanted[i].startsWith("{")
                        || wanted[i].startsWith("$")
                        || wanted[i].startsWith("<");
            }
            if (same) {
                return true;
            }
        }
        // a path given only as a prefix of routes ("/api/nas" and below): fine when some route continues it
        return method == null && path.equals("/api");
    }

    private void checkCommand(String where, Matcher command, List<String> problems) {
        String name = command.group(2);
        if (!commands.containsKey(name)) {
            problems.add(where + "no command " + name);
            return;
        }
        checkOptions(where, "", command.group(1), problems);
        checkOptions(where, name, command.group(3), problems);
    }

    private void checkOptions(String where, String command, String text, List<String> problems) {
        Matcher option = OPTION.matcher(text);
        while (option.find()) {
            if (!commands.get(command).contains(option.group(1))) {
                problems.add(where + "no option " + option.group(1) + " of "
                        + (command.isEmpty() ? "session-app" : command));
            }
        }
    }

    private boolean typeExists(String packagePrefix, String simpleName, String nested) {
        Set<String> candidates = new HashSet<>(types.getOrDefault(simpleName, Set.of()));
        for (String jdk : JDK_PACKAGES) {
            try {
                Class.forName(jdk + "." + simpleName, false, getClass().getClassLoader());
                candidates.add(jdk + "." + simpleName);
            } catch (ClassNotFoundException e) {
                // not there
            }
        }
        if (!packagePrefix.isEmpty()) {
            String suffix = "." + packagePrefix + simpleName;
            candidates.removeIf(c -> !("." + c).endsWith(suffix));
        }
        if (candidates.isEmpty()) {
            return false;
        }
        for (String part :
                nested.isEmpty() ? new String[0] : nested.substring(1).split("\\.")) {
            if (!types.containsKey(part)) {
                return false;
            }
        }
        return true;
    }
}
