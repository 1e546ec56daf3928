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

/** The {@code exchange-standby} command line without a broker: its flags, its help, and failing fast on no answer. */
class ExchangeStandbyTest {
    /** Nothing listens on port 1: every connection is refused, as with a broker that is down. */
    private static final String NO_BROKER = "127.0.0.1:1";

    private static final String[] REQUIRED = {
        "--kafka-bootstrap", "h:1", "--kafka-orders", "o", "--kafka-reports", "r", "--ship", "s"
    };

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {}

    private static Run standby(final String... args) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int code = ExchangeStandby.execute(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String[] with(final String... more) {
        final String[] args = new String[REQUIRED.length + more.length];
        System.arraycopy(REQUIRED, 0, args, 0, REQUIRED.length);
        System.arraycopy(more, 0, args, REQUIRED.length, more.length);
        return args;
    }

    @Test
    void shouldParseEveryFlag() {
        assertEquals(
                new ExchangeStandby.Options(
                        "h:1",
                        "o",
                        "r",
                        "s",
                        "g",
                        Path.of("j"),
                        Path.of("t"),
                        1_500,
                        TimeUnit.SECONDS.toNanos(3),
                        10_000,
                        Path.of("c"),
                        Duration.ofMillis(250)),
                ExchangeStandby.parse(with(
                        "--group", "g",
                        "--journal", "j",
                        "--takeover-file", "t",
                        "--takeover-after", "1_500",
                        "--duration", "3",
                        "--until-orders", "10000",
                        "--counters", "c",
                        "--connect-timeout", "250")));
        final ExchangeStandby.Options defaults = ExchangeStandby.parse(with("--takeover-file", "t"));
        assertEquals("ringbolt-exchange", defaults.group());
        assertEquals(Path.of("results", "exchange-standby", "journal"), defaults.journal());
        assertEquals(0, defaults.takeoverAfterMillis());
        assertEquals(0, defaults.durationNanos(), "until stopped");
        assertEquals(0, defaults.untilOrders());
        assertNull(defaults.counters());
        assertEquals(ExchangeKafkaDemo.DEFAULT_CONNECT_TIMEOUT, defaults.connectTimeout());
        assertNull(ExchangeStandby.parse(new String[] {"--help"}));
    }

    @Test
    void shouldExplainBadFlagsInOneLineAndExitTwo() {
        assertEquals(
                "a standby needs a takeover trigger: give --takeover-file PATH, --takeover-after MS, or both",
                assertThrows(IllegalArgumentException.class, () -> ExchangeStandby.parse(REQUIRED))
                        .getMessage());
        assertEquals(
                "--takeover-after must be at least 1, was 0",
                assertThrows(IllegalArgumentException.class, () -> ExchangeStandby.parse(with("--takeover-after", "0")))
                        .getMessage());
        assertEquals(
                "--ship must be a topic name, was ' '",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> ExchangeStandby.parse(new String[] {
                                    "--kafka-bootstrap", "h:1",
                                    "--kafka-orders", "o",
                                    "--kafka-reports", "r",
                                    "--ship", " ",
                                    "--takeover-file", "t"
                                }))
                        .getMessage());
        final IllegalArgumentException missing = assertThrows(
                IllegalArgumentException.class, () -> ExchangeStandby.parse(new String[] {"--kafka-bootstrap", "h:1"}));
        assertTrue(missing.getMessage().contains("--ship"), missing.getMessage());

        final Run bad = standby(with("--takeover-after", "soon"));
        assertEquals(2, bad.code());
        assertEquals(
                "exchange-standby: --takeover-after must be an integer, was 'soon' (try: bin/ringbolt exchange-standby"
                        + " --help)" + System.lineSeparator(),
                bad.err());
    }

    @Test
    void shouldFailWithOneLineWhenNoBrokerAnswers() {
        final Run run = standby(
                "--kafka-bootstrap", NO_BROKER,
                "--kafka-orders", "o",
                "--kafka-reports", "r",
                "--ship", "s",
                "--journal", dir.resolve("journal").toString(),
                "--takeover-file", dir.resolve("takeover").toString(),
                "--connect-timeout", "500");
        assertEquals(2, run.code(), run.err());
        assertTrue(run.err().startsWith("exchange-standby: Kafka is not reachable at " + NO_BROKER), run.err());
        assertTrue(run.err().contains(" within 500 ms"), "--connect-timeout reaches the rebuilder: " + run.err());
        assertEquals(1, run.err().lines().count(), run.err());
    }

    @Test
    void shouldDescribeEveryFlagInItsHelp() {
        final Run help = standby("--help");
        assertEquals(0, help.code(), help.err());
        for (final String flag : List.of(
                "--kafka-bootstrap=HOST:PORT",
                "--kafka-orders=TOPIC",
                "--kafka-reports=TOPIC",
                "--ship=TOPIC",
                "--group=NAME",
                "--journal=DIR",
                "--takeover-file=PATH",
                "--takeover-after=MS",
                "--duration=SECONDS",
                "--until-orders=N",
                "--counters=DIR",
                "--connect-timeout=MS",
                "--verbose",
                "Fence the primary",
                "Exit codes")) {
            assertTrue(help.out().contains(flag), flag + " in:\n" + help.out());
        }
    }
}
