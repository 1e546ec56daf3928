package io.ringbolt.examples.exchange.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringbolt.connectors.ConnectorDecodeException;
import io.ringbolt.connectors.SourcePositionCodec;
import io.ringbolt.connectors.SourcePositions;
import io.ringbolt.connectors.shipping.JournalShipper;
import io.ringbolt.connectors.testing.KafkaTestCluster;
import io.ringbolt.examples.exchange.ExchangeConfig;
import io.ringbolt.examples.exchange.ExchangeReplay;
import io.ringbolt.examples.exchange.ExecutionEvent;
import io.ringbolt.examples.exchange.OrderEvent;
import io.ringbolt.examples.exchange.OrderFlow;
import io.ringbolt.examples.exchange.OrderJournalCodec;
import io.ringbolt.journal.JournalReader;
import io.ringbolt.journal.RecordDescriptor;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A primary and a standby as real processes against a real (in-process) broker: the primary
 * ({@code exchange-kafka --ship}) takes orders while the test keeps writing them, and is killed with SIGKILL at a
 * random moment; the standby ({@code exchange-standby}) is told to take over, rebuilds to the shipping topic's end,
 * recovers (the whole rebuilt journal replayed, nothing journaled again) and takes the rest of the orders. Its
 * recovered state hash equals a replay of the primary's own journal up to the same sequence, its journal holds every
 * order once in topic order (no gap, no duplicate) and is byte for byte the primary's up to the takeover, its final
 * state equals a replay of the whole order flow, and every request got its reports exactly once on the reports topic.
 *
 * <p>Both children wait with the exchange's blocking strategy. The kill moment and the flow's seed come from one
 * printed seed; set {@code -Dringbolt.takeover.seed=N} to repeat a run, and {@code -Dringbolt.takeover.trials=N} for
 * more trials than the build's one (each with its own topics, seed + trial).
 */
class ExchangeTakeoverTest {
    private static final int ORDERS = 30_000;
    private static final int CHUNK = 500;
    private static final Pattern RECOVERED = Pattern.compile(
            "recovered state hash ([0-9a-f]{16})  trade hash [0-9a-f]{16}  at journal sequence (-?\\d+)");
    private static final Pattern FINAL = Pattern.compile(
            "state hash ([0-9a-f]{16})  trade hash [0-9a-f]{16}  at journal sequence (-?\\d+)  stopped clean: true");

    @TempDir
    Path dir;

    @Test
    void shouldTakeOverFromAKilledPrimaryWithItsStateAndContinueWithoutGapOrDuplicate() throws Exception {
        // One trial in the build (about 25 s); more with -Dringbolt.takeover.trials=N.
        final int trials = Integer.getInteger("ringbolt.takeover.trials", 1);
        final long first = Long.getLong("ringbolt.takeover.seed", System.nanoTime());
        for (int trial = 0; trial < trials; trial++) {
            takeOver(trial, first + trial);
        }
    }

    private void takeOver(final int trial, final long seed) throws Exception {
        final Random random = new Random(seed);
        final String context = "trial " + trial + ", seed " + seed;
        final KafkaTestCluster cluster = KafkaTestCluster.shared();
        final String orders = "takeover-orders-" + trial;
        final String reports = "takeover-reports-" + trial;
        final String ship = "takeover-journal-" + trial;
        cluster.createTopic(orders, 1);
        cluster.createTopic(orders + ".dlq", 1);
        cluster.createTopic(reports, 4);
        cluster.createTopic(ship, 1);
        final String bootstrap = cluster.bootstrapServers();
        final Path trialDir = Files.createDirectories(dir.resolve("trial-" + trial));
        final Path primaryJournal = trialDir.resolve("primary");
        final Path standbyJournal = trialDir.resolve("standby");
        final Path takeover = trialDir.resolve("takeover");
        final ExchangeConfig config = ExchangeConfig.defaults();
        final OrderFlow flow = new OrderFlow(config, seed, 0, 1, OrderFlow.DEFAULT_WORKING_ORDERS);
        final OrderEvent order = new OrderEvent();

        // The primary is killed while orders still arrive, somewhere in the first half of the flow.
        final long killAfter = ORDERS / 10 + random.nextInt(ORDERS * 2 / 5);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(cluster.producerProperties())) {
            int written = feed(producer, orders, flow, order, 0, 2 * CHUNK);
            final Child primary = Child.start(
                    trialDir.resolve("primary.err"),
                    ExchangeKafkaDemo.class,
                    "--kafka-bootstrap",
                    bootstrap,
                    "--kafka-orders",
                    orders,
                    "--kafka-reports",
                    reports,
                    "--ship",
                    ship,
                    "--journal",
                    primaryJournal.toString(),
                    "--duration",
                    "600",
                    "--connect-timeout",
                    "30000");
            final Child standby = Child.start(
                    trialDir.resolve("standby.err"),
                    ExchangeStandby.class,
                    "--kafka-bootstrap",
                    bootstrap,
                    "--kafka-orders",
                    orders,
                    "--kafka-reports",
                    reports,
                    "--ship",
                    ship,
                    "--journal",
                    standbyJournal.toString(),
                    "--takeover-file",
                    takeover.toString(),
                    "--until-orders",
                    Integer.toString(ORDERS),
                    "--connect-timeout",
                    "30000");
            try {
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
                while (JournalShipper.lastSequence(bootstrap, ship, Duration.ofSeconds(30)) < killAfter) {
                    assertTrue(primary.process.isAlive(), context + ": the primary died: " + primary.describe());
                    assertTrue(
                            System.nanoTime() - deadline < 0,
                            context + ": the primary did not ship " + killAfter + " records in 90 s: "
                                    + primary.describe());
                    if (written < ORDERS * 3 / 4) {
                        written += feed(producer, orders, flow, order, written, CHUNK);
                    } else {
                        TimeUnit.MILLISECONDS.sleep(20);
                    }
                }
                written += feed(producer, orders, flow, order, written, random.nextInt(CHUNK));
                primary.process.destroyForcibly();
                assertTrue(primary.process.waitFor(30, TimeUnit.SECONDS), context);
                assertEquals(137, primary.process.exitValue(), context + ": killed by SIGKILL");
                written += feed(producer, orders, flow, order, written, CHUNK);
                Files.createFile(takeover);
                while (written < ORDERS) {
                    written += feed(producer, orders, flow, order, written, Math.min(CHUNK, ORDERS - written));
                }
                assertTrue(standby.process.waitFor(120, TimeUnit.SECONDS), context + ": " + standby.describe());
                assertEquals(0, standby.process.exitValue(), context + ": " + standby.describe());
            } finally {
                primary.process.destroyForcibly();
                standby.process.destroyForcibly();
            }

            final List<String> lines = standby.lines;
            // What the standby said (its takeover time among it), for the test's report.
            System.out.println("ExchangeTakeoverTest " + context + ", killed after shipping " + killAfter + ":\n"
                    + String.join("\n", lines));
            final Matcher recovered = find(RECOVERED, lines, context + ": " + standby.describe());
            final long takeoverSequence = Long.parseLong(recovered.group(2));
            final List<byte[]> primaryRecords = records(primaryJournal);
            final List<byte[]> standbyRecords = records(standbyJournal);
            assertTrue(
                    takeoverSequence >= killAfter && takeoverSequence < primaryRecords.size(),
                    context + ": took over at " + takeoverSequence + ", the primary journaled "
                            + primaryRecords.size());

            // The recovered state is the primary's at the same sequence: a replay of its own journal's prefix.
            assertEquals(
                    String.format(Locale.ROOT, "%016x", replay(primaryRecords, takeoverSequence + 1, config)),
                    recovered.group(1),
                    context + ": recovered state hash at journal sequence " + takeoverSequence);
            for (int i = 0; i <= takeoverSequence; i++) {
                assertArrayEquals(primaryRecords.get(i), standbyRecords.get(i), context + ": record " + i);
            }

            // No gap, no duplicate: every order once, in topic order, at the journal sequence of its offset.
            assertEquals(ORDERS, standbyRecords.size(), context + ": records in the standby's journal");
            for (int i = 0; i < ORDERS; i++) {
                final byte[] record = standbyRecords.get(i);
                final UnsafeBuffer buffer = new UnsafeBuffer(record);
                assertEquals(
                        i,
                        buffer.getLong(RecordDescriptor.SEQUENCE_OFFSET, ByteOrder.LITTLE_ENDIAN),
                        context + ": sequence " + i);
                assertEquals(
                        i,
                        SourcePositionCodec.position(
                                buffer, RecordDescriptor.HEADER_LENGTH, record.length - RecordDescriptor.HEADER_LENGTH),
                        context + ": topic offset of record " + i);
            }

            // The standby's final state is an uninterrupted run's over the whole flow.
            final Matcher last = find(FINAL, lines, context + ": " + standby.describe());
            assertEquals(Integer.toString(ORDERS - 1), last.group(2), context);
            final ExchangeReplay whole = new ExchangeReplay(config);
            final OrderFlow again = new OrderFlow(config, seed, 0, 1, OrderFlow.DEFAULT_WORKING_ORDERS);
            for (int i = 0; i < ORDERS; i++) {
                again.next(order);
                whole.apply(order);
            }
            assertEquals(String.format(Locale.ROOT, "%016x", whole.engine().stateHash()), last.group(1), context);
            assertEquals(whole.engine().stateHash(), replay(standbyRecords, ORDERS, config), context);

            // Each request's last report was sent once, by the primary or by the standby.
            long lastReports = 0;
            final ExecutionEvent report = new ExecutionEvent();
            for (final ConsumerRecord<byte[], byte[]> record : cluster.readAll(reports)) {
                try {
                    ExecutionWire.WIRE.decode(record.value(), report);
                } catch (final ConnectorDecodeException ex) {
                    throw new AssertionError(ex);
                }
                lastReports += report.lastForRequest ? 1 : 0;
            }
            assertEquals(ORDERS, lastReports, context + ": one last report per request on " + reports);
        }
    }

    @Test
    void shouldTakeOverWhenThePrimarysRecordsStopAndReachItsState() throws Exception {
        final long seed = 11;
        final int first = 3_000;
        final int total = 5_000;
        final KafkaTestCluster cluster = KafkaTestCluster.shared();
        final String orders = "silence-orders";
        final String reports = "silence-reports";
        final String ship = "silence-journal";
        cluster.createTopic(orders, 1);
        cluster.createTopic(orders + ".dlq", 1);
        cluster.createTopic(reports, 2);
        cluster.createTopic(ship, 1);
        final String bootstrap = cluster.bootstrapServers();

        // A primary that takes the first orders, ships them all and stops (in this JVM: no kill needed here).
        final ByteArrayOutputStream primaryOut = new ByteArrayOutputStream();
        assertTrue(ExchangeKafkaDemo.run(
                ExchangeKafkaDemo.parse(new String[] {
                    "--kafka-bootstrap", bootstrap,
                    "--kafka-orders", orders,
                    "--kafka-reports", reports,
                    "--ship", ship,
                    "--journal", dir.resolve("primary").toString(),
                    "--produce", Integer.toString(first),
                    "--seed", Long.toString(seed)
                }),
                new PrintStream(primaryOut, true, StandardCharsets.UTF_8)));
        final Matcher primaryEnd =
                find(FINAL, primaryOut.toString(StandardCharsets.UTF_8).lines().toList(), primaryOut.toString());
        assertEquals(Integer.toString(first - 1), primaryEnd.group(2));

        final ByteArrayOutputStream standbyOut = new ByteArrayOutputStream();
        final boolean[] clean = new boolean[1];
        final Thread standby = new Thread(() -> clean[0] = ExchangeStandby.run(
                ExchangeStandby.parse(new String[] {
                    "--kafka-bootstrap", bootstrap,
                    "--kafka-orders", orders,
                    "--kafka-reports", reports,
                    "--ship", ship,
                    "--journal", dir.resolve("standby").toString(),
                    "--takeover-after", "500",
                    "--until-orders", Integer.toString(total)
                }),
                new PrintStream(standbyOut, true, StandardCharsets.UTF_8)));
        standby.start();
        final ExchangeConfig config = ExchangeConfig.defaults();
        final OrderFlow flow = new OrderFlow(config, seed, 0, 1, OrderFlow.DEFAULT_WORKING_ORDERS);
        final OrderEvent order = new OrderEvent();
        final ExchangeReplay whole = new ExchangeReplay(config);
        for (int i = 0; i < first; i++) {
            flow.next(order);
            whole.apply(order);
        }
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(cluster.producerProperties())) {
            for (int i = first; i < total; i++) {
                flow.next(order);
                producer.send(new ProducerRecord<>(orders, 0, null, OrderWire.WIRE.encode(order)));
                whole.apply(order);
            }
        }
        standby.join(TimeUnit.SECONDS.toMillis(120));
        final String said = standbyOut.toString(StandardCharsets.UTF_8);
        assertTrue(!standby.isAlive() && clean[0], said);
        assertTrue(said.contains("standby: taking over: no record on " + ship + " for 500 ms"), said);
        final List<String> lines = said.lines().toList();
        final Matcher recovered = find(RECOVERED, lines, said);
        assertEquals(Integer.toString(first - 1), recovered.group(2), said);
        assertEquals(primaryEnd.group(1), recovered.group(1), "the standby recovered the primary's state: " + said);
        final Matcher last = find(FINAL, lines, said);
        assertEquals(Integer.toString(total - 1), last.group(2), said);
        assertEquals(String.format(Locale.ROOT, "%016x", whole.engine().stateHash()), last.group(1), said);
    }

    private static int feed(
            final KafkaProducer<byte[], byte[]> producer,
            final String topic,
            final OrderFlow flow,
            final OrderEvent order,
            final int from,
            final int count) {
        final int n = Math.min(count, ORDERS - from);
        for (int i = 0; i < n; i++) {
            flow.next(order);
            producer.send(new ProducerRecord<>(topic, 0, null, OrderWire.WIRE.encode(order)));
        }
        producer.flush();
        return n;
    }

    private static Matcher find(final Pattern pattern, final List<String> lines, final String context) {
        for (final String line : lines) {
            final Matcher matcher = pattern.matcher(line);
            if (matcher.find()) {
                return matcher;
            }
        }
        throw new AssertionError("no line matches " + pattern + ": " + context);
    }

    /** The state hash of risk and matching after the first {@code count} records of a journal. */
    private static long replay(final List<byte[]> records, final long count, final ExchangeConfig config) {
        final ExchangeReplay replay = new ExchangeReplay(config);
        final SourcePositionCodec<OrderEvent> codec =
                new SourcePositionCodec<>(OrderJournalCodec.INSTANCE, new SourcePositions(16));
        final OrderEvent request = new OrderEvent();
        for (int i = 0; i < count; i++) {
            final byte[] record = records.get(i);
            final UnsafeBuffer buffer = new UnsafeBuffer(record);
            codec.decode(
                    buffer.getInt(RecordDescriptor.TYPE_OFFSET, ByteOrder.LITTLE_ENDIAN),
                    buffer,
                    RecordDescriptor.HEADER_LENGTH,
                    record.length - RecordDescriptor.HEADER_LENGTH,
                    request);
            replay.apply(request);
        }
        return replay.engine().stateHash();
    }

    /** Every record's exact bytes, header and payload, in sequence order. */
    private static List<byte[]> records(final Path journal) {
        final List<byte[]> records = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(journal)) {
            while (reader.poll(
                            (type, sequence, timestamp, buffer, offset, length) -> {
                                final byte[] record = new byte[RecordDescriptor.HEADER_LENGTH + length];
                                buffer.getBytes(offset - RecordDescriptor.HEADER_LENGTH, record, 0, record.length);
                                records.add(record);
                            },
                            4096)
                    > 0) {
                // reading on
            }
        }
        return records;
    }

    /** A child JVM on this test's class path, its standard output collected line by line, its errors in a file. */
    private static final class Child {
        final Process process;
        final List<String> lines = new CopyOnWriteArrayList<>();
        final Path errors;

        private Child(final Process process, final Path errors) {
            this.process = process;
            this.errors = errors;
            final Thread reader = new Thread(
                    () -> {
                        try (BufferedReader in = new BufferedReader(
                                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                            String line;
                            while ((line = in.readLine()) != null) {
                                lines.add(line);
                            }
                        } catch (final IOException ex) {
                            // the child is gone
                        }
                    },
                    "child-output");
            reader.setDaemon(true);
            reader.start();
        }

        static Child start(final Path errors, final Class<?> main, final String... args) throws IOException {
            final List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("--add-exports");
            command.add("java.base/jdk.internal.misc=ALL-UNNAMED");
            command.add("-XX:+UseSerialGC");
            command.add("-Xmx512m");
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(main.getName());
            command.addAll(List.of(args));
            return new Child(
                    new ProcessBuilder(command).redirectError(errors.toFile()).start(), errors);
        }

        String describe() {
            String tail;
            try {
                final List<String> all = Files.readAllLines(errors, StandardCharsets.UTF_8);
                tail = String.join("\n", all.subList(Math.max(0, all.size() - 15), all.size()));
            } catch (final IOException ex) {
                tail = ex.toString();
            }
            return "stdout " + lines + "\nstderr (last lines):\n" + tail;
        }
    }
}
