package io.ringbolt.architecture;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import io.ringbolt.architecture.fixture.connectors.ConnectorFixture;
import io.ringbolt.architecture.fixture.engine.EngineFixture;
import io.ringbolt.architecture.fixture.journal.JournalFixture;
import io.ringbolt.architecture.fixture.reports.ReportsFixture;
import io.ringbolt.architecture.fixture.tools.ToolsFixture;
import java.net.URI;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The module boundaries hold on the compiled main classes of every module, and each rule fails when a class that
 * breaks it stands in for the module it governs (the fixtures under {@code fixture/}).
 */
class ModuleBoundaryTest {
    private static final Modules BUILD = Modules.ofBuild();
    private static JavaClasses classes;
    /** The build's classes and the fixtures, which stand in for a module only where a test moves it there. */
    private static JavaClasses withFixtures;

    @BeforeAll
    static void importTheBuild() {
        classes = importAll(BUILD.locations());
        final List<String> locations = new java.util.ArrayList<>(BUILD.locations());
        for (final Class<?> fixture : List.of(
                EngineFixture.class,
                JournalFixture.class,
                ConnectorFixture.class,
                ToolsFixture.class,
                ReportsFixture.class)) {
            locations.add(BUILD.withStandIn(Modules.ENGINE, fixture).whereIs(Modules.ENGINE));
        }
        withFixtures = importAll(locations);
    }

    private static JavaClasses importAll(final List<String> locations) {
        // The locations name main classes only (and the fixtures' own folders); nothing else is imported.
        return new ClassFileImporter()
                .importLocations(locations.stream()
                        .map(location -> com.tngtech.archunit.core.importer.Location.of(URI.create(location)))
                        .toList());
    }

    @Test
    void shouldImportTheClassesOfEveryModule() {
        for (final String module : List.of(
                Modules.ENGINE,
                Modules.JOURNAL,
                Modules.TOOLS,
                Modules.CONNECTORS_CORE,
                Modules.CONNECTORS_KAFKA,
                Modules.CONNECTORS_RABBITMQ,
                Modules.EXAMPLES,
                Modules.LATENCY_TESTS,
                Modules.PERF_REPORTS)) {
            assertTrue(
                    classes.stream().anyMatch(BUILD.in(module)),
                    "no class imported for module " + module + ": a rule over it would hold vacuously");
        }
    }

    static Stream<ArchRule> rules() {
        return ModuleBoundaryRules.all(BUILD).stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void shouldKeepTheModuleBoundary(final ArchRule rule) {
        rule.check(classes);
    }

    static Stream<Arguments> breaches() {
        return Stream.of(
                breach(Modules.ENGINE, EngineFixture.class, ModuleBoundaryRules::engineImportsNoOtherModule),
                breach(
                        Modules.ENGINE,
                        EngineFixture.class,
                        ModuleBoundaryRules::engineDependsOnAgronaAndHdrHistogramOnly),
                breach(Modules.JOURNAL, JournalFixture.class, ModuleBoundaryRules::journalImportsOnlyTheEngine),
                breach(Modules.JOURNAL, JournalFixture.class, ModuleBoundaryRules::picocliOnlyInCommandLines),
                breach(Modules.JOURNAL, JournalFixture.class, ModuleBoundaryRules::progressBarOnlyInTools),
                breach(
                        Modules.CONNECTORS_KAFKA,
                        ConnectorFixture.class,
                        ModuleBoundaryRules::connectorsImportNoApplicationToolOrBenchmark),
                breach(
                        Modules.TOOLS,
                        ToolsFixture.class,
                        ModuleBoundaryRules::benchmarksAndReportsAreImportedByNoOtherModule),
                breach(
                        Modules.PERF_REPORTS,
                        ReportsFixture.class,
                        ModuleBoundaryRules::perfReportsImportNoBenchmarkClass));
    }

    private static Arguments breach(
            final String module, final Class<?> standIn, final Function<Modules, ArchRule> rule) {
        return Arguments.of(module, standIn, rule);
    }

    @ParameterizedTest(name = "{1} in place of {0}")
    @MethodSource("breaches")
    void shouldFailWhenAClassBreaksTheRule(
            final String module, final Class<?> standIn, final Function<Modules, ArchRule> rule) {
        final Modules moved = BUILD.withStandIn(module, standIn);
        final EvaluationResult result = rule.apply(moved).evaluate(withFixtures);
        assertTrue(result.hasViolation(), "rule held although " + standIn.getSimpleName() + " breaks it");
        assertFalse(result.getFailureReport().getDetails().isEmpty(), "a violation without details: " + result);
        assertTrue(
                result.getFailureReport().toString().contains(standIn.getSimpleName()),
                "the violation does not name the class that breaks the rule: " + result.getFailureReport());
    }
}
