package io.ringbolt.examples.exchange.kafka;

import io.ringbolt.connectors.ConnectorException;
import io.ringbolt.connectors.shipping.JournalRebuilder;
import io.ringbolt.examples.exchange.ExchangeConfig;
import io.ringbolt.journal.JournalAppender;
import io.ringbolt.tools.Cli;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The exchange's standby ({@code bin/ringbolt exchange-standby}): rebuilds the journal a primary
 * ({@code exchange-kafka --ship TOPIC}) ships, record for record, into its own journal directory, and takes over when
 * told (the {@code --takeover-file} appears) or when the primary's records stop for {@code --takeover-after}
 * milliseconds. Taking over: read the shipping topic's last sequence and rebuild up to it, close the rebuilder, then
 * start the exchange on the rebuilt journal as any restart does ({@link ExchangeKafka#start}: the whole journal
 * replayed into risk and matching, nothing journaled again, the journal going on at the next sequence, the orders read
 * from just after the last journaled offset, the journal shipped on to the same topic). It prints the state hash it
 * recovered before taking any new order, then serves until {@code --duration} ends, the journal holds
 * {@code --until-orders} orders, or the process is stopped (SIGINT, SIGTERM: a clean stop), and prints what it did.
 *
 * <p>Fence the primary first: the standby cannot tell a dead primary from one that is cut off or idle (an idle primary
 * ships nothing, which {@code --takeover-after} reads as silence). Exit status: 0 when the exchange stopped clean, 1
 * when not or the rebuilder failed, 2 for bad flags or an unreachable broker.
 */
@Command(
        name = "exchange-standby",
        sortOptions = false,
        usageHelpWidth = 120,
        description =
                "Rebuilds the journal a primary ships (exchange-kafka --ship TOPIC) and takes over as the exchange"
                        + " when told (--takeover-file) or when the primary's records stop (--takeover-after).",
        footer = {
            "",
            "Fence the primary before the standby takes over: it cannot tell a dead primary from an idle or"
                    + " cut-off one.",
            "Exit codes: 0 the exchange stopped clean; 1 it did not, or the rebuilder failed (a gap or a damaged"
                    + " record); 2 bad flags, or Kafka did not answer within --connect-timeout, or a topic is missing."
        })
public final class ExchangeStandby implements Callable<Integer> {
    /** How long the takeover waits for the rebuilder to reach the shipping topic's end. */
    public static final Duration CATCH_UP_TIMEOUT = Duration.ofMinutes(2);

    private static final long TRIGGER_POLL_MILLIS = 20;

    @Option(names = "--kafka-bootstrap", required = true, paramLabel = "HOST:PORT", description = "the Kafka cluster")
    private String bootstrap;

    @Option(
            names = "--kafka-orders",
            required = true,
            paramLabel = "TOPIC",
            description = "topic of orders the exchange takes once it took over; must exist")
    private String orders;

    @Option(
            names = "--kafka-reports",
            required = true,
            paramLabel = "TOPIC",
            description = "topic for execution reports once it took over; must exist")
    private String reports;

    @Option(
            names = "--ship",
            required = true,
            paramLabel = "TOPIC",
            description = "the primary's journal shipping topic: rebuilt from, and shipped to after the takeover")
    private String ship;

    @Option(
            names = "--group",
            paramLabel = "NAME",
            description = "consumer group of the orders, the primary's (default: ringbolt-exchange)")
    private String group = "ringbolt-exchange";

    @Option(
            names = "--journal",
            paramLabel = "DIR",
            description = "the standby's own journal, rebuilt from --ship (default: results/exchange-standby/journal)")
    private Path journal = Path.of("results", "exchange-standby", "journal");

    @Option(
            names = "--takeover-file",
            paramLabel = "PATH",
            description = "take over when this file exists (e.g. touch it once the primary is fenced)")
    private Path takeoverFile;

    @Option(
            names = "--takeover-after",
            paramLabel = "MS",
            description = "take over when no record arrived on --ship for this long (since the last one, or the start)")
    private String takeoverAfter;

    @Option(
            names = "--duration",
            paramLabel = "SECONDS",
            description = "after the takeover, serve this long (default: 0, until stopped with Ctrl-C or SIGTERM)")
    private String duration = "0";

    @Option(
            names = "--until-orders",
            paramLabel = "N",
            description = "after the takeover, stop once the journal holds N orders (default: 0, no such limit)")
    private String untilOrders = "0";

    @Option(names = "--counters", paramLabel = "DIR", description = "publish live counters there for 'ringbolt stat'")
    private Path counters;

    @Option(
            names = "--connect-timeout",
            paramLabel = "MS",
            description = "how long to wait for Kafka to answer before giving up (default: 10000)")
    private String connectTimeout = Long.toString(ExchangeKafkaDemo.DEFAULT_CONNECT_TIMEOUT.toMillis());

    @Mixin
    private final Cli.Flags flags = new Cli.Flags();

    @Spec
    private CommandSpec spec;

    private final PrintStream out;

    private ExchangeStandby(final PrintStream out) {
        this.out = out;
    }

    /**
     * The flags.
     *
     * @param bootstrap the Kafka cluster
     * @param orders the orders topic
     * @param reports the reports topic
     * @param ship the shipping topic
     * @param group the consumer group
     * @param journal the standby's journal directory
     * @param takeoverFile the file that tells it to take over, or {@code null}
     * @param takeoverAfterMillis the primary's silence that makes it take over, or 0
     * @param durationNanos how long to serve after the takeover, or 0 for until stopped
     * @param untilOrders the journal's size at which to stop, or 0
     * @param counters the counters directory, or {@code null}
     * @param connectTimeout how long to wait for the cluster to answer
     */
    public record Options(
            String bootstrap,
            String orders,
            String reports,
            String ship,
            String group,
            Path journal,
            Path takeoverFile,
            long takeoverAfterMillis,
            long durationNanos,
            long untilOrders,
            Path counters,
            Duration connectTimeout) {}

    /** Set by SIGINT or SIGTERM (through a shutdown hook): stop cleanly. */
    private static volatile boolean stopRequested;

    /** Counted down when {@link #run} has stopped the exchange and printed, so the shutdown hook may let the JVM go. */
    private static final CountDownLatch FINISHED = new CountDownLatch(1);

    /**
     * Runs the standby and exits with its status.
     *
     * @param args flags, see {@code --help}
     */
    public static void main(final String[] args) {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            // The main thread sees it within its 10-20 ms poll; no interrupt, which Kafka's clients
                            // would
                            // turn into a failure in the middle of a call.
                            stopRequested = true;
                            try {
                                FINISHED.await(60, TimeUnit.SECONDS);
                            } catch (final InterruptedException ex) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "exchange-standby-stop"));
        final int status;
        try {
            status = execute(args, System.out, System.err);
        } finally {
            FINISHED.countDown();
        }
        System.exit(status);
    }

    /**
     * Runs the standby with the given streams, without exiting.
     *
     * @param args flags, see {@code --help}
     * @param out help and what the standby did
     * @param err the one line of an error
     * @return the exit status
     */
    public static int execute(final String[] args, final PrintStream out, final PrintStream err) {
        final ExchangeStandby command = new ExchangeStandby(out);
        return Cli.execute(
                "exchange-standby",
                "exchange-standby",
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
     * @throws IllegalArgumentException naming the bad flag, its value and what is allowed
     */
    public static Options parse(final String[] args) {
        final ExchangeStandby command = new ExchangeStandby(null);
        return Cli.parse(command, args, () -> command.options());
    }

    @Override
    public Integer call() {
        final Options options = Cli.checked(spec, () -> options());
        return run(options, out) ? Cli.OK : Cli.FAILED;
    }

    private Options options() {
        final long after = takeoverAfter == null ? 0 : ExchangeKafkaDemo.number("--takeover-after", takeoverAfter, 1);
        if (takeoverFile == null && after == 0) {
            throw new IllegalArgumentException(
                    "a standby needs a takeover trigger: give --takeover-file PATH, " + "--takeover-after MS, or both");
        }
        return new Options(
                bootstrap,
                ExchangeKafkaDemo.topic("--kafka-orders", orders),
                ExchangeKafkaDemo.topic("--kafka-reports", reports),
                ExchangeKafkaDemo.topic("--ship", ship),
                group,
                journal,
                takeoverFile,
                after,
                TimeUnit.SECONDS.toNanos(ExchangeKafkaDemo.number("--duration", duration, 0)),
                ExchangeKafkaDemo.number("--until-orders", untilOrders, 0),
                counters,
                Duration.ofMillis(ExchangeKafkaDemo.number("--connect-timeout", connectTimeout, 1)));
    }

    /**
     * Rebuilds, waits for the takeover, takes over, serves, and prints what it did.
     *
     * @param options the flags
     * @param out where to print
     * @return whether the exchange stopped clean (false too when stopped before the takeover)
     * @throws ConnectorException when Kafka does not answer, a topic is missing, or the rebuilder failed
     */
    public static boolean run(final Options options, final PrintStream out) {
        final long trigger;
        try (JournalAppender local = JournalAppender.open(ExchangeKafka.journalConfig(options.journal()))) {
            final JournalRebuilder rebuilder = JournalRebuilder.builder(options.bootstrap(), options.ship())
                    .name("standby")
                    .into(local)
                    .startupTimeout(options.connectTimeout())
                    .build();
            out.printf(
                    Locale.ROOT,
                    "standby: rebuilding %s from %s at %s, from sequence %d%n",
                    options.journal(),
                    options.ship(),
                    options.bootstrap(),
                    local.nextSequence());
            rebuilder.start();
            try {
                final String why = awaitTrigger(rebuilder, options);
                if (why == null) {
                    out.printf(
                            Locale.ROOT,
                            "standby: stopped before any takeover, journal at sequence %d%n",
                            rebuilder.nextSequence() - 1);
                    return false;
                }
                trigger = System.nanoTime();
                out.printf(Locale.ROOT, "standby: taking over: %s%n", why);
                final long last = rebuilder.awaitTopicEnd(CATCH_UP_TIMEOUT);
                out.printf(
                        Locale.ROOT,
                        "standby: rebuilt up to sequence %d, the last of %s, %d ms after the takeover began (%d "
                                + "duplicate(s) skipped)%n",
                        last,
                        options.ship(),
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - trigger),
                        rebuilder.counters().duplicates().get());
            } finally {
                rebuilder.close();
            }
        }
        final ExchangeKafka running = ExchangeKafka.start(new ExchangeKafka.Options(
                options.bootstrap(),
                options.orders(),
                options.reports(),
                options.group(),
                options.journal(),
                ExchangeConfig.defaults(),
                options.counters(),
                options.connectTimeout(),
                options.ship()));
        out.printf(
                Locale.ROOT,
                "standby: live %d ms after the takeover began%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - trigger));
        ExchangeKafkaDemo.printRecovery(running, out);
        serve(running, options);
        return ExchangeKafkaDemo.stopAndReport(running, options.reports(), trigger, out);
    }

    /** Why to take over now, or {@code null} when stopped first. */
    private static String awaitTrigger(final JournalRebuilder rebuilder, final Options options) {
        long lastNext = rebuilder.nextSequence();
        long lastChange = System.nanoTime();
        final long silenceNanos = TimeUnit.MILLISECONDS.toNanos(options.takeoverAfterMillis());
        while (!stopRequested) {
            final Throwable failure = rebuilder.failure();
            if (failure != null) {
                throw new ConnectorException(
                        "the standby's journal rebuilder stopped at sequence " + rebuilder.nextSequence() + ": "
                                + failure.getMessage(),
                        failure);
            }
            if (options.takeoverFile() != null && Files.exists(options.takeoverFile())) {
                return "the takeover file " + options.takeoverFile() + " exists";
            }
            final long now = System.nanoTime();
            final long next = rebuilder.nextSequence();
            if (next != lastNext) {
                lastNext = next;
                lastChange = now;
            } else if (silenceNanos > 0 && now - lastChange >= silenceNanos) {
                return "no record on " + options.ship() + " for " + options.takeoverAfterMillis() + " ms (journal at "
                        + "sequence " + (next - 1) + ")";
            }
            if (!sleep(TRIGGER_POLL_MILLIS)) {
                break;
            }
        }
        return null;
    }

    private static void serve(final ExchangeKafka running, final Options options) {
        final long start = System.nanoTime();
        while (!stopRequested && running.source().isRunning()) {
            if (options.durationNanos() > 0 && System.nanoTime() - start >= options.durationNanos()) {
                return;
            }
            if (options.untilOrders() > 0 && running.journaledOrders() >= options.untilOrders()) {
                return;
            }
            if (!sleep(10)) {
                return;
            }
        }
    }

    /** Sleeps; false when interrupted. */
    private static boolean sleep(final long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
            return true;
        } catch (final InterruptedException ex) {
            return false;
        }
    }
}
