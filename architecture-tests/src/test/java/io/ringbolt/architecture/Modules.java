package io.ringbolt.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The modules of the build, each known by where its compiled classes are (the {@code target/classes} folder or the jar
 * of one class of it), not by package: the tools' {@code io.ringbolt.journal.tool} lives beside the journal's
 * {@code io.ringbolt.journal}, so a package rule could not tell the two modules apart.
 */
final class Modules {
    static final String ENGINE = "engine";
    static final String JOURNAL = "journal";
    static final String TOOLS = "tools";
    static final String CONNECTORS_CORE = "connectors-core";
    static final String CONNECTORS_KAFKA = "connectors-kafka";
    static final String CONNECTORS_RABBITMQ = "connectors-rabbitmq";
    static final String EXAMPLES = "examples";
    static final String LATENCY_TESTS = "latency-tests";
    static final String PERF_REPORTS = "perf-reports";
    static final String CLUSTER = "cluster";
    static final String MICROMETER = "micrometer";

    /** The modules a user's application may depend on (published in the bom). */
    static final List<String> LIBRARIES =
            List.of(ENGINE, JOURNAL, TOOLS, CONNECTORS_CORE, CONNECTORS_KAFKA, CONNECTORS_RABBITMQ);

    static final List<String> CONNECTORS = List.of(CONNECTORS_CORE, CONNECTORS_KAFKA, CONNECTORS_RABBITMQ);

    private final Map<String, String> locations;

    private Modules(final Map<String, String> locations) {
        this.locations = locations;
    }

    /** The modules of this build, located through one class of each. */
    static Modules ofBuild() {
        final Map<String, String> locations = new LinkedHashMap<>();
        locations.put(ENGINE, locationOf("io.ringbolt.engine.Pipeline"));
        locations.put(JOURNAL, locationOf("io.ringbolt.journal.JournalReplayer"));
        locations.put(TOOLS, locationOf("io.ringbolt.tools.Cli"));
        locations.put(CONNECTORS_CORE, locationOf("io.ringbolt.connectors.Backoff"));
        locations.put(CONNECTORS_KAFKA, locationOf("io.ringbolt.connectors.shipping.ShippedRecords"));
        locations.put(CONNECTORS_RABBITMQ, locationOf("io.ringbolt.connectors.rabbitmq.RabbitSource"));
        locations.put(EXAMPLES, locationOf("io.ringbolt.examples.exchange.ExchangeSchema"));
        locations.put(LATENCY_TESTS, locationOf("io.ringbolt.latency.throughput.DispatchThroughput"));
        locations.put(PERF_REPORTS, locationOf("io.ringbolt.reports.HgrmFile"));
        locations.put(CLUSTER, locationOf("io.ringbolt.cluster.IngressLog"));
        locations.put(MICROMETER, locationOf("io.ringbolt.micrometer.RingboltMetrics"));
        return new Modules(locations);
    }

    /**
     * The modules of this build, with one of them moved to where {@code stand-in} lives: the rules' own tests put a
     * fixture class that breaks a rule in the place of a module, to show the rule fails.
     */
    Modules withStandIn(final String module, final Class<?> standIn) {
        final Map<String, String> moved = new LinkedHashMap<>(locations);
        moved.put(
                module, locationOf(standIn.getName()) + standIn.getPackageName().replace('.', '/') + "/");
        return new Modules(moved);
    }

    /** Every location, for the importer. */
    List<String> locations() {
        return List.copyOf(locations.values());
    }

    /**
     * The classes of the given modules.
     *
     * @param modules module names
     * @return a predicate that holds for a class compiled into one of them
     */
    DescribedPredicate<JavaClass> in(final String... modules) {
        final List<String> where =
                Arrays.stream(modules).map(this::location).map(Modules::normal).toList();
        return DescribedPredicate.describe(
                "in module " + String.join(" or ", modules),
                javaClass -> javaClass
                        .getSource()
                        .map(source -> {
                            final String uri = normal(source.getUri().toString());
                            return where.stream().anyMatch(uri::startsWith);
                        })
                        .orElse(false));
    }

    DescribedPredicate<JavaClass> in(final List<String> modules) {
        return in(modules.toArray(String[]::new));
    }

    /** Where a module's classes are, as given to the importer. */
    String whereIs(final String module) {
        return location(module);
    }

    private String location(final String module) {
        final String location = locations.get(module);
        if (location == null) {
            throw new IllegalArgumentException(
                    "module must be one of " + locations.keySet() + ", was '" + module + "'");
        }
        return location;
    }

    /** One spelling of a file URI: the importer writes {@code file:///}, a code source {@code file:/}. */
    private static String normal(final String uri) {
        return uri.replaceFirst("file:/+", "file:/");
    }

    private static String locationOf(final String className) {
        try {
            final Class<?> type = Class.forName(className, false, Modules.class.getClassLoader());
            final URL url = type.getProtectionDomain().getCodeSource().getLocation();
            final String location = url.toURI().toString();
            // A jar's classes have URIs like jar:file:/...jar!/io/...; a folder's file:/.../classes/io/...
            return location.endsWith(".jar") ? "jar:" + location + "!/" : location;
        } catch (final ClassNotFoundException | URISyntaxException ex) {
            throw new IllegalStateException("cannot locate the module of " + className, ex);
        }
    }
}
