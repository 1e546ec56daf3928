package com.example.orders;

import io.ringbolt.engine.Pipeline;
import io.ringbolt.engine.PipelineBuilder;
import io.ringbolt.engine.RingboltVersion;
import io.ringbolt.engine.Stage;
import io.ringbolt.journal.JournalAppender;
import io.ringbolt.journal.JournalCodec;
import io.ringbolt.journal.JournalReader;
import io.ringbolt.journal.JournalingHandler;
import io.ringbolt.journal.SyncPolicy;
import java.nio.file.Path;
import java.time.Duration;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * A user's first pipeline: orders are journaled, then summed by a stage that sees an order only once it is durable;
 * afterwards the journal is read back and must hold every order. Prints one line and exits non-zero on a mismatch.
 */
public final class OrdersApp {
    /** One pre-allocated slot of the ring. */
    public static final class Order {
        long id;
        long quantity;
    }

    /** Sixteen bytes per order: id, quantity. */
    static final class OrderCodec implements JournalCodec<Order> {
        @Override
        public int type(final Order order) {
            return 1;
        }

        @Override
        public int encodedLength(final Order order) {
            return 16;
        }

        @Override
        public void encode(final Order order, final MutableDirectBuffer buffer, final int offset) {
            buffer.putLong(offset, order.id);
            buffer.putLong(offset + 8, order.quantity);
        }

        @Override
        public void decode(
                final int type, final DirectBuffer buffer, final int offset, final int length, final Order order) {
            order.id = buffer.getLong(offset);
            order.quantity = buffer.getLong(offset + 8);
        }
    }

    /** What a run did: orders summed by the pipeline, and records and their quantities read back from the journal. */
    public record Result(long summedOrders, long summedQuantity, long journaledRecords, long journaledQuantity) {}

    private OrdersApp() {}

    /**
     * Runs the pipeline over a fresh journal directory and reads the journal back.
     *
     * @param journalDirectory where the journal goes
     * @param orders how many orders to publish
     * @return what happened
     */
    public static Result run(final Path journalDirectory, final long orders) {
        final long[] summed = new long[2];
        final JournalAppender appender = JournalAppender.open(journalDirectory);
        try {
            final JournalingHandler<Order> journaling = JournalingHandler.builder(appender, new OrderCodec())
                    .syncPolicy(SyncPolicy.NONE)
                    .build();
            final PipelineBuilder<Order> builder =
                    Pipeline.builder(Order::new).name("orders").capacity(1024);
            final Stage<Order> journal = builder.stage("journal", journaling);
            builder.stage("sum", (order, sequence, endOfBatch) -> {
                        summed[0]++;
                        summed[1] += order.quantity;
                    })
                    .after(journal)
                    .gatedBy(journaling.durableSequence());
            final Pipeline<Order> pipeline = builder.build();
            journaling.bindTo(pipeline.ring());
            pipeline.start();
            for (long i = 0; i < orders; i++) {
                pipeline.ring().publishEvent((order, sequence, id) -> {
                    order.id = id;
                    order.quantity = id % 10 + 1;
                }, i);
            }
            if (!pipeline.drainAndStop(Duration.ofSeconds(60)).clean()) {
                throw new IllegalStateException("the pipeline did not drain within 60 s");
            }
        } finally {
            appender.close();
        }
        final long[] read = new long[2];
        final Order decoded = new Order();
        final OrderCodec codec = new OrderCodec();
        try (JournalReader reader = JournalReader.open(journalDirectory)) {
            while (reader.poll(
                            (type, sequence, timestamp, buffer, offset, length) -> {
                                codec.decode(type, buffer, offset, length, decoded);
                                read[0]++;
                                read[1] += decoded.quantity;
                            },
                            4096)
                    > 0) {
                // Drain every committed record.
            }
        }
        return new Result(summed[0], summed[1], read[0], read[1]);
    }

    /**
     * Runs once and prints what happened.
     *
     * @param args the journal directory and the number of orders
     */
    public static void main(final String[] args) {
        final long orders = Long.parseLong(args[1]);
        final Result result = run(Path.of(args[0]), orders);
        System.out.println("ringbolt " + RingboltVersion.version() + ": " + result.summedOrders() + " orders summed, "
                + result.journaledRecords() + " journaled, quantity " + result.summedQuantity() + " = "
                + result.journaledQuantity());
        if (result.summedOrders() != orders
                || result.journaledRecords() != orders
                || result.summedQuantity() != result.journaledQuantity()) {
            System.exit(1);
        }
    }
}
