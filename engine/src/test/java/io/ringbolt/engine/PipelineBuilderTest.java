package io.ringbolt.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class PipelineBuilderTest {
    static final class Event {
        long value;
    }

    private static final class Noop implements EventHandler<Event> {
        @Override
        public void onEvent(final Event event, final long sequence, final boolean endOfBatch) {}
    }

    private static String failure(final Executable executable) {
        return assertThrows(IllegalArgumentException.class, executable).getMessage();
    }

    @Test
    void shouldRejectACapacityThatIsNotAPowerOfTwo() {
        assertEquals(
                "capacity must be a power of two between 1 and 2^30, was 1000",
                failure(() -> Pipeline.builder(Event::new).capacity(1000)));
        assertEquals(
                "capacity must be a power of two between 1 and 2^30, was 0",
                failure(() -> Pipeline.builder(Event::new).capacity(0)));
    }

    @Test
    void shouldRejectANullHandler() {
        assertEquals(
                "handler of stage 'risk' must not be null",
                failure(() -> Pipeline.builder(Event::new).stage("risk", null)));
    }

    @Test
    void shouldRejectAHandlerRegisteredTwice() {
        final PipelineBuilder<Event> builder = Pipeline.builder(Event::new);
        final Noop handler = new Noop();
        builder.stage("a", handler);
        final String message = failure(() -> builder.stage("b", handler));
        assertEquals(
                "handler " + handler + " of stage 'b' is already registered in another stage; "
                        + "each stage needs its own handler instance",
                message);
    }

    @Test
    void shouldRejectAShardFactoryThatReturnsTheSameHandler() {
        final Noop handler = new Noop();
        final String message = failure(() -> Pipeline.builder(Event::new).shard("s", 2, i -> handler));
        assertEquals(
                "handler " + handler + " of stage 's-1' is already registered in another stage; "
                        + "each stage needs its own handler instance",
                message);
    }

    @Test
    void shouldRejectADuplicateStageName() {
        final PipelineBuilder<Event> builder = Pipeline.builder(Event::new).name("orders");
        builder.stage("a", new Noop());
        assertEquals(
                "stage name 'a' is already used in pipeline 'orders'; names must be unique",
                failure(() -> builder.stage("a", new Noop())));
    }

    @Test
    void shouldRejectADependencyOnAStageOfAnotherPipeline() {
        final Stage<Event> foreign = Pipeline.builder(Event::new).stage("foreign", new Noop());
        final Stage<Event> local = Pipeline.builder(Event::new).stage("local", new Noop());
        assertEquals(
                "after: stage 'foreign' belongs to another pipeline; stage 'local' may only follow stages of its own "
                        + "pipeline",
                failure(() -> local.after(foreign)));
    }

    @Test
    void shouldRejectACycleAtBuildNamingIt() {
        final PipelineBuilder<Event> builder = Pipeline.builder(Event::new).name("loop");
        final Stage<Event> a = builder.stage("a", new Noop());
        final Stage<Event> b = builder.stage("b", new Noop()).after(a);
        final Stage<Event> c = builder.stage("c", new Noop()).after(b);
        a.after(c);
        assertEquals(
                "stages of pipeline 'loop' form a cycle: a -> c -> b -> a; a stage may only follow stages that do not "
                        + "follow it",
                failure(builder::build));
    }

    @Test
    void shouldRejectAStageThatFollowsItself() {
        final PipelineBuilder<Event> builder = Pipeline.builder(Event::new).name("self");
        final Stage<Event> a = builder.stage("a", new Noop());
        a.after(a);
        assertEquals(
                "stages of pipeline 'self' form a cycle: a -> a; a stage may only follow stages that do not follow it",
                failure(builder::build));
    }

    @Test
    void shouldRejectAPipelineWithoutStages() {
        assertEquals(
                "pipeline 'empty' has no stage; add at least one",
                failure(() -> Pipeline.builder(Event::new).name("empty").build()));
    }

    @Test
    void shouldRejectBadStageSettings() {
        final Stage<Event> stage = Pipeline.builder(Event::new).stage("s", new Noop());
        assertEquals("maxBatchSize of stage 's' must be at least 1, was 0", failure(() -> stage.maxBatchSize(0)));
        assertEquals("waitStrategy of stage 's' must not be null", failure(() -> stage.waitStrategy(null)));
        assertEquals("exceptionPolicy of stage 's' must not be null", failure(() -> stage.exceptionPolicy(null)));
        assertEquals(
                "count of shard 'x' must be at least 1, was 0",
                failure(() -> Pipeline.builder(Event::new).shard("x", 0, i -> new Noop())));
        assertEquals(
                "stage name must be a non-empty string, was ' '",
                failure(() -> Pipeline.builder(Event::new).stage(" ", new Noop())));
        assertEquals(
                "waitStrategy must not be null",
                failure(() -> Pipeline.builder(Event::new).waitStrategy(null)));
        assertEquals("eventFactory must not be null", failure(() -> Pipeline.builder(null)));
    }

    @Test
    void shouldRefuseChangesAfterBuild() {
        final PipelineBuilder<Event> builder = Pipeline.builder(Event::new).name("done");
        final Stage<Event> stage = builder.stage("s", new Noop());
        builder.build();
        final IllegalStateException error = assertThrows(IllegalStateException.class, () -> stage.maxBatchSize(4));
        assertEquals("pipeline 'done' is already built; configure before build()", error.getMessage());
        assertThrows(IllegalStateException.class, () -> builder.stage("t", new Noop()));
    }

    @Test
    void shouldOrderStagesAfterWhatTheyFollowAndNameShards() {
        final PipelineBuilder<Event> builder = Pipeline.builder(Event::new);
        final Stage<Event> last = builder.stage("last", new Noop());
        final StageGroup<Event> shards = builder.shard("shard", 2, i -> new Noop());
        final Stage<Event> first = builder.stage("first", new Noop());
        shards.after(first);
        last.after(shards);
        final List<String> names =
                builder.build().stages().stream().map(Stage::name).toList();
        assertEquals(List.of("first", "shard-0", "shard-1", "last"), names);
    }
}
