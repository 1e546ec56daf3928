package io.ringbolt.examples.exchange.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code exchange-kafka} command line without a broker: its flags, its help, and failing fast on no answer. */
class ExchangeKafkaDemoTest {
    /** Nothing listens on port 1: every connection is refused, as with a broker that is down. */
    private static final String NO_BROKER = "127.0.0.1:1";

    @TempDir
    Path dir;

    /** What a run printed and returned. */
    private record Run(int code, String out, String err) {}

    private static Run exchangeKafka(final String... args) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int code = ExchangeKafkaDemo.execute(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void shouldFailWithOneLineWhenNoBrokerAnswersBeforeProducing() {
        final Run run = exchangeKafka(
                "--kafka-bootstrap", NO_BROKER,
                "--kafka-orders", "orders",
                "--kafka-reports", "reports",
                "--journal", dir.resolve("journal").toString(),
                "--produce", "1000",
                "--connect-timeout", "500");
        assertEquals(2, run.code(), run.err());
        assertEquals(
                "exchange-kafka: Kafka is not reachable at " + NO_BROKER + " (--produce): no metadata for topic"
                        + " 'orders' within 500 ms; start the broker or correct the address"
                        + System.lineSeparator(),
                run.err());
        assertEquals("", run.out(), "no order was written");
    }

    @Test
    void shouldFailWithOneLineWhenNoBrokerAnswersTheExchange() {
        final Run run = exchangeKafka(
                "--kafka-bootstrap", NO_BROKER,
                "--kafka-orders", "orders",
                "--kafka-reports", "reports",
                "--journal", dir.resolve("journal").toString(),
                "--connect-timeout", "500");
        assertEquals(2, run.code(), run.err());
        assertTrue(run.err().startsWith("exchange-kafka: Kafka is not reachable at " + NO_BROKER + " ("), run.err());
        assertTrue(run.err().contains(" within 500 ms"), "--connect-timeout reaches the connectors: " + run.err());
        assertEquals(1, run.err().lines().count(), run.err());
    }

    @Test
    void shouldParseEveryFlag() {
        assertEquals(
                new ExchangeKafkaDemo.Options(
                        "h:1",
                        "o",
                        "r",
                        "g",
                        Path.of("j"),
                        1_000,
                        TimeUnit.SECONDS.toNanos(3),
                        Path.of("c"),
                        -7,
                        Duration.ofMillis(250),
                        "s"),
                ExchangeKafkaDemo.parse(new String[] {
                    "--kafka-bootstrap", "h:1",
                    "--kafka-orders", "o",
                    "--kafka-reports", "r",
                    "--group", "g",
                    "--journal", "j",
                    "--produce", "1_000",
                    "--duration", "3",
                    "--counters", "c",
                    "--seed", "-7",
                    "--connect-timeout", "250",
                    "--ship", "s"
                }));
        final ExchangeKafkaDemo.Options defaults = ExchangeKafkaDemo.parse(
                new String[] {"--kafka-bootstrap", "h:1", "--kafka-orders", "o", "--kafka-reports", "r"});
        assertEquals("ringbolt-exchange", defaults.group());
        assertEquals(Path.of("results", "exchange-kafka", "journal"), defaults.journal());
        assertEquals(0, defaults.produce());
        assertEquals(TimeUnit.SECONDS.toNanos(10), defaults.durationNanos());
        assertNull(defaults.counters());
        assertEquals(42, defaults.seed());
        assertEquals(ExchangeKafkaDemo.DEFAULT_CONNECT_TIMEOUT, defaults.connectTimeout());
        assertNull(defaults.ship());
        assertNull(ExchangeKafkaDemo.parse(new String[] {"--help"}));
    }

    @Test
    void shouldExplainBadFlagsInOneLineAndExitTwo() {
        final IllegalArgumentException missing =
                assertThrows(IllegalArgumentException.class, () -> ExchangeKafkaDemo.parse(new String[0]));
        assertTrue(missing.getMessage().contains("--kafka-bootstrap"), missing.getMessage());
        assertEquals(
                "--produce must be at least 0, was -1",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> ExchangeKafkaDemo.parse(new String[] {
                                    "--kafka-bootstrap", "h:1",
                                    "--kafka-orders", "o",
                                    "--kafka-reports", "r",
                                    "--produce", "-1"
                                }))
                        .getMessage());

        final Run bad = exchangeKafka(
                "--kafka-bootstrap", NO_BROKER, "--kafka-orders", "o", "--kafka-reports", "r", "--duration", "soon");
        assertEquals(2, bad.code());
        assertEquals(
                "exchange-kafka: --duration must be an integer, was 'soon' (try: bin/ringbolt exchange-kafka --help)"
                        + System.lineSeparator(),
                bad.err());
        final Run unknown = exchangeKafka("--fast");
        assertEquals(2, unknown.code());
        assertEquals(1, unknown.err().lines().count(), unknown.err());
    }

    @Test
    void shouldDescribeEveryFlagInItsHelp() {
        final Run help = exchangeKafka("--help");
        assertEquals(0, help.code(), help.err());
        for (final String flag : List.of(
                "--kafka-bootstrap=HOST:PORT",
                "--kafka-orders=TOPIC",
                "--kafka-reports=TOPIC",
                "--group=NAME",
                "--journal=DIR",
                "--produce=N",
                "--duration=SECONDS",
                "--counters=DIR",
                "--seed=N",
                "--connect-timeout=MS",
                "--ship=TOPIC",
                "--verbose",
                "Exit codes")) {
            assertTrue(help.out().contains(flag), flag + " in:\n" + help.out());
        }
    }
}
