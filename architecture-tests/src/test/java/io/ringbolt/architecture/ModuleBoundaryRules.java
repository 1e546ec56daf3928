package io.ringbolt.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import java.util.ArrayList;
import java.util.List;

/**
 * The module boundaries of docs/DESIGN.md as ArchUnit rules, over the classes located by {@link Modules}.
 *
 * <pre>
 * examples ──► connectors-* ──► journal ──► engine
 * tools ──► journal            latency-tests ──► engine, journal, examples, tools
 * perf-reports reads files; nothing imports latency-tests or perf-reports
 * </pre>
 */
final class ModuleBoundaryRules {
    private static final String[] PICOCLI = {"picocli.."};
    private static final String[] PROGRESSBAR = {"me.tongfei.progressbar.."};

    private ModuleBoundaryRules() {}

    /** The engine knows no other module: it is what every other module builds on. */
    static ArchRule engineImportsNoOtherModule(final Modules modules) {
        return noClasses()
                .that(modules.in(Modules.ENGINE))
                .should()
                .dependOnClassesThat(modules.in(others(Modules.ENGINE)))
                .because("the engine is the bottom of the module graph (docs/DESIGN.md)");
    }

    /** The engine depends on Agrona and HdrHistogram only, besides the JDK. */
    static ArchRule engineDependsOnAgronaAndHdrHistogramOnly(final Modules modules) {
        return noClasses()
                .that(modules.in(Modules.ENGINE))
                .should()
                .dependOnClassesThat(outsidePackages(
                        "java..", "javax..", "jdk..", "sun..", "org.agrona..", "org.HdrHistogram..", "io.ringbolt.."))
                .because("the engine depends on Agrona and HdrHistogram only (docs/DESIGN.md)");
    }

    /** The journal knows the engine only: nothing of the tools, connectors, examples or benchmarks. */
    static ArchRule journalImportsOnlyTheEngine(final Modules modules) {
        return noClasses()
                .that(modules.in(Modules.JOURNAL))
                .should()
                .dependOnClassesThat(modules.in(others(Modules.JOURNAL, Modules.ENGINE)))
                .because("nothing in the journal knows about the exchange, the tools or the connectors");
    }

    /** The connectors build on the journal and engine; they know no application, tool or benchmark. */
    static ArchRule connectorsImportNoApplicationToolOrBenchmark(final Modules modules) {
        return noClasses()
                .that(modules.in(Modules.CONNECTORS))
                .should()
                .dependOnClassesThat(
                        modules.in(Modules.TOOLS, Modules.EXAMPLES, Modules.LATENCY_TESTS, Modules.PERF_REPORTS))
                .because("a connector is a library: examples, tools and benchmarks sit above it");
    }

    /** The benchmarks and the report generator are leaves: no module imports them. */
    static ArchRule benchmarksAndReportsAreImportedByNoOtherModule(final Modules modules) {
        return noClasses()
                .that(modules.in(others(Modules.LATENCY_TESTS, Modules.PERF_REPORTS)))
                .should()
                .dependOnClassesThat(modules.in(Modules.LATENCY_TESTS, Modules.PERF_REPORTS))
                .because("a library artifact never depends on a benchmark or report module");
    }

    /** The report generator reads the benchmarks' files, not their classes. */
    static ArchRule perfReportsImportNoBenchmarkClass(final Modules modules) {
        return noClasses()
                .that(modules.in(Modules.PERF_REPORTS))
                .should()
                .dependOnClassesThat(modules.in(Modules.LATENCY_TESTS))
                .because("perf-reports reads the files latency-tests writes (docs/DESIGN.md)");
    }

    /**
     * picocli is for command lines: anywhere in the tools, and elsewhere only in a {@code @Command} class (the
     * exchange demos, the benchmark launchers, the report command) and the classes nested in it. Never in a library
     * module other than the tools.
     */
    static ArchRule picocliOnlyInCommandLines(final Modules modules) {
        return noClasses()
                .that(modules.in(others(Modules.TOOLS)))
                .and(notACommandLine())
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(PICOCLI)
                .because("only command-line classes may use picocli");
    }

    /** The progress bar is the journal tool's alone. */
    static ArchRule progressBarOnlyInTools(final Modules modules) {
        return noClasses()
                .that(modules.in(others(Modules.TOOLS)))
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(PROGRESSBAR)
                .because("only the journal tool shows progress bars");
    }

    /** Every rule, for the suite over the real build. */
    static List<ArchRule> all(final Modules modules) {
        return List.of(
                engineImportsNoOtherModule(modules),
                engineDependsOnAgronaAndHdrHistogramOnly(modules),
                journalImportsOnlyTheEngine(modules),
                connectorsImportNoApplicationToolOrBenchmark(modules),
                benchmarksAndReportsAreImportedByNoOtherModule(modules),
                perfReportsImportNoBenchmarkClass(modules),
                picocliOnlyInCommandLines(modules),
                progressBarOnlyInTools(modules));
    }

    private static String[] others(final String... excluded) {
        final List<String> all = new ArrayList<>(List.of(
                Modules.ENGINE,
                Modules.JOURNAL,
                Modules.TOOLS,
                Modules.CONNECTORS_CORE,
                Modules.CONNECTORS_KAFKA,
                Modules.CONNECTORS_RABBITMQ,
                Modules.EXAMPLES,
                Modules.LATENCY_TESTS,
                Modules.PERF_REPORTS,
                Modules.CLUSTER,
                Modules.MICROMETER));
        all.removeAll(List.of(excluded));
        return all.toArray(String[]::new);
    }

    private static DescribedPredicate<JavaClass> outsidePackages(final String... packages) {
        final DescribedPredicate<JavaClass> inside = JavaClass.Predicates.resideInAnyPackage(packages);
        return DescribedPredicate.describe("outside " + String.join(", ", packages), javaClass -> {
            final JavaClass base = javaClass.getBaseComponentType();
            return !base.isPrimitive() && !inside.test(base);
        });
    }

    /** A class annotated {@code @picocli.CommandLine.Command}, or nested (lambdas, options) in one. */
    private static DescribedPredicate<JavaClass> notACommandLine() {
        return DescribedPredicate.describe("not a @Command class or nested in one", javaClass -> {
            JavaClass current = javaClass;
            while (current != null) {
                if (current.isAnnotatedWith("picocli.CommandLine$Command")) {
                    return false;
                }
                current = current.getEnclosingClass().orElse(null);
            }
            return true;
        });
    }
}
