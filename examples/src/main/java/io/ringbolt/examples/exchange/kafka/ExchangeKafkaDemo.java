package io.ringbolt.examples.exchange.kafka;

import io.ringbolt.connectors.ConnectorException;
import io.ringbolt.examples.exchange.Exchange;
import io.ringbolt.examples.exchange.ExchangeConfig;
import io.ringbolt.examples.exchange.MatchingEngine;
import io.ringbolt.examples.exchange.OrderEvent;
import io.ringbolt.examples.exchange.OrderFlow;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Runs the exchange between two Kafka topics ({@link ExchangeKafka}): orders in, execution reports out. With
 * {@code --produce N} it first writes N generated orders to the orders topic, then runs until it has taken them all;
 * otherwise it serves the topic for {@code --duration} seconds. It prints the source's and sink's counters, trades and
 * the state hash. Exit status: 0 when the exchange stopped clean, 1 when not, 2 for bad flags or an unreachable
 * broker.
 *
 * <p>A separate entry point rather than flags on {@code ExchangeDemo}: the demo's flags and wiring are being reworked
 * elsewhere, and this class only adds.
 */
public final class ExchangeKafkaDemo {
    /** The command-line help. */
    public static final String USAGE = String.join(
            "\n",
            "usage: ringbolt exchange-kafka --kafka-bootstrap HOST:PORT --kafka-orders TOPIC --kafka-reports TOPIC",
            "                               [--group NAME] [--journal DIR] [--produce N] [--duration SECONDS]",
            "                               [--counters DIR] [--seed N]",
            "  --kafka-bootstrap  the Kafka cluster",
            "  --kafka-orders     topic of orders (32-byte OrderWire records); must exist",
            "  --kafka-reports    topic for execution reports (64-byte ExecutionWire records); must exist",
            "  --group            consumer group of the orders (default ringbolt-exchange)",
            "  --journal          the orders' journal (default results/exchange-kafka/journal)",
            "  --produce          first write N generated orders to the orders topic, run until all are taken",
            "  --duration         otherwise serve the topic this long (default 10)",
            "  --counters         publish live counters there for 'ringbolt stat'",
            "  --seed             seed of the generated orders (default 42)");

    private ExchangeKafkaDemo() {}

    /**
     * The flags.
     *
     * @param bootstrap the Kafka cluster
     * @param orders the orders topic
     * @param reports the reports topic
     * @param group the consumer group
     * @param journal the journal's directory
     * @param produce orders to generate first, or 0
     * @param durationNanos how long to serve when not producing
     * @param counters the counters directory, or {@code null}
     * @param seed the order flow's seed
     */
    public record Options(
            String bootstrap,
            String orders,
            String reports,
            String group,
            Path journal,
            long produce,
            long durationNanos,
            Path counters,
            long seed) {}

    /**
     * Runs the demo.
     *
     * @param args flags, see {@link #USAGE}
     */
    public static void main(final String[] args) {
        final Options options;
        try {
            options = parse(args);
        } catch (final IllegalArgumentException ex) {
            System.err.println("exchange-kafka: " + ex.getMessage());
            System.exit(2);
            return;
        }
        if (options == null) {
            System.out.println(USAGE);
            return;
        }
        try {
            System.exit(run(options, System.out) ? 0 : 1);
        } catch (final ConnectorException ex) {
            System.err.println("exchange-kafka: " + ex.getMessage());
            System.exit(2);
        }
    }

    /**
     * Parses flags.
     *
     * @param args the flags
     * @return the options, or {@code null} for help
     * @throws IllegalArgumentException naming the bad flag
     */
    public static Options parse(final String[] args) {
        String bootstrap = null;
        String orders = null;
        String reports = null;
        String group = "ringbolt-exchange";
        Path journal = Path.of("results", "exchange-kafka", "journal");
        long produce = 0;
        long durationNanos = TimeUnit.SECONDS.toNanos(10);
        Path counters = null;
        long seed = 42;
        for (int i = 0; i < args.length; i++) {
            final String flag = args[i];
            switch (flag) {
                case "--help", "-h" -> {
                    return null;
                }
                case "--kafka-bootstrap" -> bootstrap = value(args, ++i, flag);
                case "--kafka-orders" -> orders = value(args, ++i, flag);
                case "--kafka-reports" -> reports = value(args, ++i, flag);
                case "--group" -> group = value(args, ++i, flag);
                case "--journal" -> journal = Path.of(value(args, ++i, flag));
                case "--produce" -> produce = number(flag, value(args, ++i, flag), 0);
                case "--duration" -> durationNanos = TimeUnit.SECONDS.toNanos(number(flag, value(args, ++i, flag), 1));
                case "--counters" -> counters = Path.of(value(args, ++i, flag));
                case "--seed" -> seed = number(flag, value(args, ++i, flag), Long.MIN_VALUE);
                default -> throw new IllegalArgumentException("unknown flag '" + flag + "' (try --help)");
            }
        }
        if (bootstrap == null || orders == null || reports == null) {
            throw new IllegalArgumentException(
                    "--kafka-bootstrap, --kafka-orders and --kafka-reports are required (try --help)");
        }
        return new Options(bootstrap, orders, reports, group, journal, produce, durationNanos, counters, seed);
    }

    private static String value(final String[] args, final int index, final String flag) {
        if (index >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[index];
    }

    private static long number(final String flag, final String text, final long min) {
        final long value;
        try {
            value = Long.parseLong(text.replace("_", ""));
        } catch (final NumberFormatException ex) {
            throw new IllegalArgumentException(flag + " must be an integer, was '" + text + "'");
        }
        if (value < min) {
            throw new IllegalArgumentException(flag + " must be at least " + min + ", was " + value);
        }
        return value;
    }

    /**
     * Writes generated orders to a topic (one gateway's flow of the given seed), waiting for every acknowledgement.
     *
     * @param bootstrap the Kafka cluster
     * @param topic the orders topic
     * @param config the exchange configuration the flow is made for
     * @param seed the seed
     * @param count how many
     */
    public static void produce(
            final String bootstrap,
            final String topic,
            final ExchangeConfig config,
            final long seed,
            final long count) {
        final Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        final OrderFlow flow = new OrderFlow(config, seed, 0, 1, OrderFlow.DEFAULT_WORKING_ORDERS);
        final OrderEvent order = new OrderEvent();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(properties)) {
            for (long i = 0; i < count; i++) {
                flow.next(order);
                // One partition keeps the order flow's order, which the books' state depends on.
                producer.send(new ProducerRecord<>(topic, 0, null, OrderWire.WIRE.encode(order)));
            }
            producer.flush();
        }
    }

    /**
     * Runs the exchange between the topics and prints what it did.
     *
     * @param options the flags
     * @param out where to print
     * @return whether the exchange stopped clean
     */
    public static boolean run(final Options options, final PrintStream out) {
        final ExchangeConfig config = ExchangeConfig.defaults();
        if (options.produce() > 0) {
            produce(options.bootstrap(), options.orders(), config, options.seed(), options.produce());
            out.printf(Locale.ROOT, "wrote %,d orders to %s%n", options.produce(), options.orders());
        }
        final long start = System.nanoTime();
        final ExchangeKafka running = ExchangeKafka.start(new ExchangeKafka.Options(
                options.bootstrap(),
                options.orders(),
                options.reports(),
                options.group(),
                options.journal(),
                config,
                options.counters()));
        try {
            if (options.produce() > 0) {
                // Dead letters are not orders: wait for the orders themselves (taken now, or journaled before).
                while (running.source().counters().recordsIn().get()
                                + running.source().counters().duplicates().get()
                        < options.produce()) {
                    if (!running.source().isRunning()) {
                        break;
                    }
                    TimeUnit.MILLISECONDS.sleep(10);
                }
            } else {
                TimeUnit.NANOSECONDS.sleep(options.durationNanos());
            }
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        final long ordersIn = running.source().counters().recordsIn().get();
        final long deadLetters = running.source().counters().deadLetters().get();
        final long skipped = running.source().counters().duplicates().get();
        final Exchange.StopReports stop = running.stop();
        final double seconds = (System.nanoTime() - start) / 1e9;
        final MatchingEngine engine = running.exchange().engine();
        out.printf(
                Locale.ROOT,
                "orders in %,d (dead letters %,d, already journaled %,d) in %.1f s: %,.0f orders/s%n",
                ordersIn,
                deadLetters,
                skipped,
                seconds,
                ordersIn / seconds);
        out.printf(
                Locale.ROOT,
                "reports out %,d to %s; trades %,d, volume %,d%n",
                running.sink().counters().recordsOut().get(),
                options.reports(),
                engine.trades(),
                engine.volume());
        out.printf(
                Locale.ROOT,
                "state hash %016x  trade hash %016x  stopped clean: %s%n",
                engine.stateHash(),
                engine.tradeHash(),
                stop.clean());
        return stop.clean();
    }
}
