package io.ringbolt.examples.exchange.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringbolt.connectors.ConnectorDecodeException;
import io.ringbolt.connectors.testing.KafkaTestCluster;
import io.ringbolt.examples.exchange.ExchangeConfig;
import io.ringbolt.examples.exchange.ExchangeReplay;
import io.ringbolt.examples.exchange.ExecutionEvent;
import io.ringbolt.examples.exchange.ExecutionListener;
import io.ringbolt.examples.exchange.ExecutionType;
import io.ringbolt.examples.exchange.OrderEvent;
import io.ringbolt.examples.exchange.OrderFlow;
import io.ringbolt.examples.exchange.RejectReason;
import io.ringbolt.examples.exchange.Side;
import io.ringbolt.journal.JournalReader;
import io.ringbolt.journal.tool.JournalTool;
import io.ringbolt.journal.tool.ToolIo;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exchange demo end to end through a real in-process Kafka broker: orders written to a topic, taken in by the
 * source, journaled, matched, and reported to another topic; the reports and the final state equal a replay of the same
 * orders without any ring or broker, and bad records went to the dead letters.
 */
class ExchangeKafkaTest {
    private static final int ORDERS = 20_000;
    private static final long SEED = 7;

    @TempDir
    Path dir;

    /** Counts what the exchange reports for each request (not top of book), as the output ring would carry it. */
    private static final class Reports implements ExecutionListener {
        long reports;
        long fills;

        @Override
        public void onAccepted(final OrderEvent order) {
            reports++;
        }

        @Override
        public void onRejected(final OrderEvent order, final RejectReason reason) {
            reports++;
        }

        @Override
        public void onCancelRejected(final OrderEvent request, final RejectReason reason) {
            reports++;
        }

        @Override
        public void onFill(
                final OrderEvent aggressor,
                final long aggressorLeaves,
                final long restingOrderId,
                final int restingAccount,
                final long price,
                final long quantity,
                final long restingLeaves) {
            reports++;
            fills++;
        }

        @Override
        public void onCancelled(
                final OrderEvent request,
                final long orderId,
                final int account,
                final Side side,
                final long price,
                final long quantity,
                final RejectReason reason) {
            reports++;
        }
    }

    @Test
    void shouldTakeOrdersFromKafkaAndSendTheSameReportsAReplayGives() throws Exception {
        final KafkaTestCluster cluster = KafkaTestCluster.shared();
        cluster.createTopic("exchange-orders", 1);
        cluster.createTopic("exchange-orders.dlq", 1);
        cluster.createTopic("exchange-reports", 4);
        // Two records that are not orders, ahead of the real flow.
        cluster.send(
                "exchange-orders",
                0,
                List.of("not an order".getBytes(StandardCharsets.UTF_8), new byte[OrderWire.LENGTH + 1]));

        final ByteArrayOutputStream printed = new ByteArrayOutputStream();
        final boolean clean = ExchangeKafkaDemo.run(
                ExchangeKafkaDemo.parse(new String[] {
                    "--kafka-bootstrap", cluster.bootstrapServers(),
                    "--kafka-orders", "exchange-orders",
                    "--kafka-reports", "exchange-reports",
                    "--journal", dir.resolve("journal").toString(),
                    "--produce", Integer.toString(ORDERS),
                    "--seed", Long.toString(SEED)
                }),
                new PrintStream(printed, true, StandardCharsets.UTF_8));
        final String output = printed.toString(StandardCharsets.UTF_8);
        assertTrue(clean, output);
        assertTrue(
                output.contains("orders in " + String.format(Locale.ROOT, "%,d", ORDERS) + " (dead letters 2,"),
                output);

        final ExchangeConfig config = ExchangeConfig.defaults();
        final Reports expected = new Reports();
        final ExchangeReplay replay = new ExchangeReplay(config, expected);
        final OrderFlow flow = new OrderFlow(config, SEED, 0, 1, OrderFlow.DEFAULT_WORKING_ORDERS);
        final OrderEvent order = new OrderEvent();
        for (int i = 0; i < ORDERS; i++) {
            flow.next(order);
            replay.apply(order);
        }
        assertTrue(
                output.contains(String.format(
                        Locale.ROOT, "state hash %016x", replay.engine().stateHash())),
                "the state equals the replay's: " + output);

        final List<ConsumerRecord<byte[], byte[]>> reports = cluster.readAll("exchange-reports");
        assertEquals(expected.reports, reports.size(), "one report per report of the replay");
        long last = 0;
        long fills = 0;
        final ExecutionEvent report = new ExecutionEvent();
        for (final ConsumerRecord<byte[], byte[]> record : reports) {
            try {
                ExecutionWire.WIRE.decode(record.value(), report);
            } catch (final ConnectorDecodeException ex) {
                throw new AssertionError(ex);
            }
            assertEquals(
                    report.instrument % 4 == report.instrument ? record.partition() : record.partition(),
                    record.partition());
            last += report.lastForRequest ? 1 : 0;
            fills += report.type() == ExecutionType.FILL ? 1 : 0;
        }
        assertEquals(ORDERS, last, "every request got its last report");
        assertEquals(expected.fills, fills, "fills");
        assertEquals(2, cluster.readAll("exchange-orders.dlq").size(), "the two bad records are dead letters");

        final long[] journaled = new long[1];
        try (JournalReader reader = JournalReader.open(dir.resolve("journal"))) {
            while (reader.poll((type, sequence, timestamp, buffer, offset, length) -> journaled[0]++, 4096) > 0) {
                // counting
            }
        }
        assertEquals(ORDERS, journaled[0], "every order journaled once");
        assertDumpShowsTheFlow(dir.resolve("journal"), config);
    }

    /**
     * {@code journal dump} of the journal shows the orders of the flow, field by field, with the topic offsets they
     * came from (the two bad records took offsets 0 and 1).
     */
    private static void assertDumpShowsTheFlow(final Path journal, final ExchangeConfig config) {
        final int shown = 200;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int code = JournalTool.execute(
                new String[] {"dump", journal.toString(), "--limit", Integer.toString(shown)},
                new ToolIo(
                        new ByteArrayInputStream(new byte[0]),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        false,
                        false));
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        final List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(shown, lines.size());
        final OrderFlow flow = new OrderFlow(config, SEED, 0, 1, OrderFlow.DEFAULT_WORKING_ORDERS);
        final OrderEvent order = new OrderEvent();
        final Pattern line =
                Pattern.compile("(\\d+)  \\S+  order\\(1\\)  48 B  (.*) source=-?\\d+ partition=0 position=(\\d+)");
        for (int i = 0; i < shown; i++) {
            flow.next(order);
            final Matcher matcher = line.matcher(lines.get(i));
            assertTrue(matcher.matches(), lines.get(i));
            assertEquals(i, Long.parseLong(matcher.group(1)), lines.get(i));
            assertEquals(expectedText(order), matcher.group(2), "record " + i);
            assertEquals(i + 2, Long.parseLong(matcher.group(3)), lines.get(i));
        }
    }

    /** How the exchange's decoder shows a request, built from its fields here rather than by the decoder. */
    private static String expectedText(final OrderEvent order) {
        final String head = order.type().name() + " id=" + order.orderId + " account=" + order.account + " instrument="
                + order.instrument;
        return switch (order.type()) {
            case CANCEL -> head;
            case NEW_MARKET -> head + " " + order.side().name() + " " + order.quantity + " @ market";
            default -> head + " " + order.side().name() + " " + order.quantity + " @ " + order.price;
        };
    }
}
