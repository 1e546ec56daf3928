package io.ringbolt.journal;

import io.ringbolt.engine.Pipeline;
import io.ringbolt.engine.PipelineBuilder;
import io.ringbolt.engine.ProducerType;
import io.ringbolt.engine.Stage;
import io.ringbolt.engine.StopReport;
import io.ringbolt.engine.wait.BlockingWaitStrategy;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A child process run under a file-size limit ({@code ulimit -f}) in which a pipeline's journaling stage runs out of
 * disk: the stage has the default log-and-continue policy, one stage after it waits for the durable sequence and one
 * does not, and the producer publishes far more than the journal can take. Prints, one {@code key value} per line on
 * standard output, what the producer got, how far each stage got and what the stop report said; the engine logs on
 * standard error, one line per record.
 *
 * <p>Arguments: directory, small segment size (fits under the limit), large segment size (does not), events to
 * publish.
 */
public final class ChildDiskFullPipeline {
    private ChildDiskFullPipeline() {}

    public static void main(final String[] args) {
        // Before any logger exists: one line per record, marked, so that the parent can count them.
        System.setProperty("java.util.logging.SimpleFormatter.format", "ringbolt-log %4$s %3$s: %5$s%6$s%n");
        final Path directory = Path.of(args[0]);
        final int small = Integer.parseInt(args[1]);
        final int large = Integer.parseInt(args[2]);
        final long events = Long.parseLong(args[3]);
        // A journal whose segments fit under the limit, then reopened with segments that do not: the stage's first
        // roll cannot create its file.
        try (JournalAppender appender = JournalAppender.open(
                JournalConfig.builder(directory).segmentSize(small).build())) {
            TestRecords.appendNext(appender);
        }
        try (JournalAppender appender = JournalAppender.open(
                JournalConfig.builder(directory).segmentSize(large).build())) {
            final long journalBefore = appender.nextSequence();
            final JournalingHandler<OrderEvent> journaling = JournalingHandler.builder(appender, new OrderEvent.Codec())
                    .syncPolicy(SyncPolicy.BATCH)
                    .build();
            final AtomicLong gatedLast = new AtomicLong(-1);
            final AtomicLong ungatedLast = new AtomicLong(-1);
            final PipelineBuilder<OrderEvent> builder = Pipeline.builder(OrderEvent::new)
                    .name("disk-full")
                    .capacity(256)
                    .producerType(ProducerType.SINGLE)
                    .waitStrategy(new BlockingWaitStrategy())
                    .producerWaitStrategy(new BlockingWaitStrategy());
            final Stage<OrderEvent> journal = builder.stage("journal", journaling);
            builder.stage("gated", (event, sequence, endOfBatch) -> gatedLast.set(sequence))
                    .after(journal)
                    .gatedBy(journaling.durableSequence());
            builder.stage("ungated", (event, sequence, endOfBatch) -> ungatedLast.set(sequence))
                    .after(journal);
            final Pipeline<OrderEvent> pipeline = builder.build();
            journaling.bindTo(pipeline.ring());
            pipeline.start();
            long published = 0;
            String producer = "none";
            try {
                for (long id = 0; id < events; id++) {
                    pipeline.ring()
                            .publishEvent(
                                    (event, sequence, value) -> {
                                        event.id = value;
                                        event.amount = OrderEvent.amountFor(value);
                                    },
                                    id);
                    published++;
                }
            } catch (final RuntimeException ex) {
                producer = ex.getClass().getName() + ": " + ex.getMessage();
            }
            final StopReport report = pipeline.halt();
            System.out.println("producer " + producer);
            System.out.println("published " + published);
            System.out.println("journaled " + (appender.nextSequence() - journalBefore));
            System.out.println("gated-last " + gatedLast.get());
            System.out.println("ungated-last " + ungatedLast.get());
            System.out.println("stopped-by " + report.stoppedBy());
            System.out.println("cause " + report.cause());
            System.out.println("failure "
                    + (report.failure() == null ? null : report.failure().getCause()));
            System.out.println("exceptions " + report.exceptions());
            System.out.println("clean " + report.clean());
        }
        System.out.flush();
    }
}
