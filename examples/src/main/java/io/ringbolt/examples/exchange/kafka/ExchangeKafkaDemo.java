package io.ringbolt.examples.exchange.kafka;

import io.ringbolt.connectors.ConnectorException;
import io.ringbolt.examples.exchange.Exchange;
import io.ringbolt.examples.exchange.ExchangeConfig;
import io.ringbolt.examples.exchange.MatchingEngine;
import io.ringbolt.examples.exchange.OrderEvent;
import io.ringbolt.examples.exchange.OrderFlow;
import io.ringbolt.tools.Cli;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Runs the exchange between two Kafka topics ({@link ExchangeKafka}): orders in, execution reports out. With
 * {@code --produce N} it first writes N generated orders to the orders topic, then runs until it has taken them all;
 * otherwise it serves the topic for {@code --duration} seconds. It prints the source's and sink's counters, trades and
 * the state hash. Exit status: 0 when the exchange stopped clean, 1 when not, 2 for bad flags or an unreachable
 * broker (within {@code --connect-timeout}, in both modes).
 *
 * <p>A separate entry point rather than flags on {@code ExchangeDemo}: the demo's flags and wiring are being reworked
 * elsewhere, and this class only adds.
 */
@Command(
        name = "exchange-kafka",
        sortOptions = false,
        usageHelpWidth = 120,
        description = "Runs the exchange between two Kafka topics: orders in (32-byte OrderWire records), execution"
                + " reports out (64-byte ExecutionWire records), journaled in between.",
        footer = {
            "",
            "Exit codes: 0 the exchange stopped clean; 1 it did not; 2 bad flags, or Kafka did not answer within"
                    + " --connect-timeout, or a topic is missing."
        })
public final class ExchangeKafkaDemo implements Callable<Integer> {
    /** How long to wait for the cluster to answer when not told: the connectors' own default. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    @Option(names = "--kafka-bootstrap", required = true, paramLabel = "HOST:PORT", description = "the Kafka cluster")
    private String bootstrap;

    @Option(
            names = "--kafka-orders",
            required = true,
            paramLabel = "TOPIC",
            description = "topic of orders (32-byte OrderWire records); must exist")
    private String orders;

    @Option(
            names = "--kafka-reports",
            required = true,
            paramLabel = "TOPIC",
            description = "topic for execution reports (64-byte ExecutionWire records); must exist")
    private String reports;

    @Option(
            names = "--group",
            paramLabel = "NAME",
            description = "consumer group of the orders (default: ringbolt-exchange)")
    private String group = "ringbolt-exchange";

    @Option(
            names = "--journal",
            paramLabel = "DIR",
            description = "the orders' journal (default: results/exchange-kafka/journal)")
    private Path journal = Path.of("results", "exchange-kafka", "journal");

    @Option(
            names = "--produce",
            paramLabel = "N",
            description = "first write N generated orders to the orders topic, run until all are taken")
    private String produce = "0";

    @Option(
            names = "--duration",
            paramLabel = "SECONDS",
            description = "otherwise serve the topic this long (default: 10)")
    private String duration = "10";

    @Option(names = "--counters", paramLabel = "DIR", description = "publish live counters there for 'ringbolt stat'")
    private Path counters;

    @Option(
            names = "--ship",
            paramLabel = "TOPIC",
            description = "ship the journal to this topic (one partition, must exist) for a standby"
                    + " (bin/ringbolt exchange-standby)")
    private String ship;

    @Option(names = "--seed", paramLabel = "N", description = "seed of the generated orders (default: 42)")
    private String seed = "42";

    @Option(
            names = "--connect-timeout",
            paramLabel = "MS",
            description = "how long to wait for Kafka to answer before giving up (default: 10000)")
    private String connectTimeout = Long.toString(DEFAULT_CONNECT_TIMEOUT.toMillis());

    @Mixin
    private final Cli.Flags flags = new Cli.Flags();

    @Spec
    private CommandSpec spec;

    private final PrintStream out;

    private ExchangeKafkaDemo(final PrintStream out) {
        this.out = out;
    }

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
     * @param connectTimeout how long to wait for the cluster to answer
     * @param ship the journal shipping topic, or {@code null}
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
            long seed,
            Duration connectTimeout,
            String ship) {}

    /**
     * Runs the demo and exits with its status.
     *
     * @param args flags, see {@code --help}
     */
    public static void main(final String[] args) {
        System.exit(execute(args, System.out, System.err));
    }

    /**
     * Runs the demo with the given streams, without exiting.
     *
     * @param args flags, see {@code --help}
     * @param out help and what the exchange did
     * @param err the one line of an error
     * @return the exit status
     */
    public static int execute(final String[] args, final PrintStream out, final PrintStream err) {
        final ExchangeKafkaDemo command = new ExchangeKafkaDemo(out);
        return Cli.execute(
                "exchange-kafka",
                "exchange-kafka",
                command,
                () -> command.flags.verbose(),
                ex -> ex instanceof ConnectorException ? new Cli.Outcome(Cli.BAD_INPUT, ex.getMessage()) : null,
                args,
                out,
                err);
    }

    /**
     * Parses flags.
     *
     * @param args the flags
     * @return the options, or {@code null} for help
     * @throws IllegalArgumentException naming the bad flag
     */
    public static Options parse(final String[] args) {
        final ExchangeKafkaDemo command = new ExchangeKafkaDemo(null);
        return Cli.parse(command, args, () -> command.options());
    }

    @Override
    public Integer call() {
        final Options options = Cli.checked(spec, () -> options());
        return run(options, out) ? Cli.OK : Cli.FAILED;
    }

    private Options options() {
        return new Options(
                bootstrap,
                orders,
                reports,
                group,
                journal,
                number("--produce", produce, 0),
                TimeUnit.SECONDS.toNanos(number("--duration", duration, 1)),
                counters,
                number("--seed", seed, Long.MIN_VALUE),
                Duration.ofMillis(number("--connect-timeout", connectTimeout, 1)),
                topic("--ship", ship));
    }

    static String topic(final String flag, final String name) {
        if (name != null && name.isBlank()) {
            throw new IllegalArgumentException(flag + " must be a topic name, was '" + name + "'");
        }
        return name;
    }

    static long number(final String flag, final String text, final long min) {
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
     * Fails fast: the producer waits at most {@code timeout} for the cluster's metadata, before the first order and
     * whenever a send has to wait for it.
     *
     * @param bootstrap the Kafka cluster
     * @param topic the orders topic
     * @param config the exchange configuration the flow is made for
     * @param seed the seed
     * @param count how many
     * @param timeout how long to wait for the cluster to answer
     * @throws ConnectorException when the cluster does not answer in time (naming the address) or a send failed
     */
    public static void produce(
            final String bootstrap,
            final String topic,
            final ExchangeConfig config,
            final long seed,
            final long count,
            final Duration timeout) {
        final Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        // The default (60 s) is per send: without a broker, every order waited that long, silently.
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(timeout.toMillis()));
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        final OrderFlow flow = new OrderFlow(config, seed, 0, 1, OrderFlow.DEFAULT_WORKING_ORDERS);
        final OrderEvent order = new OrderEvent();
        final AtomicReference<Exception> failure = new AtomicReference<>();
        final Callback acknowledged = (metadata, error) -> {
            if (error != null) {
                failure.compareAndSet(null, error);
            }
        };
        final KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(properties);
        try {
            try {
                producer.partitionsFor(topic);
            } catch (final TimeoutException ex) {
                throw new ConnectorException(
                        "Kafka is not reachable at " + bootstrap + " (--produce): no metadata for topic '" + topic
                                + "' within " + timeout.toMillis() + " ms; start the broker or correct the address",
                        ex);
            }
            for (long i = 0; i < count && failure.get() == null; i++) {
                flow.next(order);
                // One partition keeps the order flow's order, which the books' state depends on.
                producer.send(new ProducerRecord<>(topic, 0, null, OrderWire.WIRE.encode(order)), acknowledged);
            }
            producer.flush();
        } finally {
            producer.close(timeout);
        }
        final Exception failed = failure.get();
        if (failed != null) {
            throw new ConnectorException(
                    "writing orders to '" + topic + "' at " + bootstrap + " failed: " + failed.getMessage(), failed);
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
            produce(
                    options.bootstrap(),
                    options.orders(),
                    config,
                    options.seed(),
                    options.produce(),
                    options.connectTimeout());
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
                options.counters(),
                options.connectTimeout(),
                options.ship()));
        printRecovery(running, out);
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
        return stopAndReport(running, options.reports(), start, out);
    }

    /**
     * Prints what the start's recovery did and the state it reached, before any live order.
     *
     * @param running the started exchange
     * @param out where to print
     */
    static void printRecovery(final ExchangeKafka running, final PrintStream out) {
        out.printf(
                Locale.ROOT,
                "%s%nrecovered state hash %016x  trade hash %016x  at journal sequence %d%n",
                running.recovery(),
                running.recoveredStateHash(),
                running.recoveredTradeHash(),
                running.recovery().nextJournalSequence() - 1);
    }

    /**
     * Stops the exchange and prints the orders taken, reports sent, trades and the state hash.
     *
     * @param running the exchange
     * @param reportsTopic where the reports went
     * @param start when the run started ({@link System#nanoTime()})
     * @param out where to print
     * @return whether the exchange stopped clean
     */
    static boolean stopAndReport(
            final ExchangeKafka running, final String reportsTopic, final long start, final PrintStream out) {
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
                reportsTopic,
                engine.trades(),
                engine.volume());
        if (running.shipper() != null) {
            out.printf(
                    Locale.ROOT,
                    "journal shipped up to sequence %d%n",
                    running.shipper().shippedSequence());
        }
        out.printf(
                Locale.ROOT,
                "state hash %016x  trade hash %016x  at journal sequence %d  stopped clean: %s%n",
                engine.stateHash(),
                engine.tradeHash(),
                running.journaledOrders() - 1,
                stop.clean());
        return stop.clean();
    }
}
