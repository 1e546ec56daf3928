package io.ringbolt.examples.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringbolt.journal.JournalAppender;
import io.ringbolt.journal.JournalConfig;
import io.ringbolt.journal.tool.JournalTool;
import io.ringbolt.journal.tool.ToolIo;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exchange's side of the journal tool: its codec keeps every request field, its decoder shows records as text and
 * JSON (golden files under {@code src/test/resources/golden}, rewritten with {@code -Dringbolt.golden.update=true}),
 * and {@code journal replay --into exchange} runs the exchange's own pipeline to the state a one-thread replay of the
 * same requests reaches.
 */
class ExchangeJournalToolTest {
    /** 2024-01-01T09:30:00Z in epoch nanoseconds. */
    private static final long OPEN_NANOS = 1_704_101_400_000_000_000L;

    @TempDir
    Path dir;

    /** A session record and {@code count} requests of a fixed flow, stamped 1 ms apart from 09:30 on. */
    private ExchangeReplay writeJournal(final ExchangeConfig config, final int count) {
        final ExchangeReplay expected = new ExchangeReplay(config);
        final OrderFlow flow = new OrderFlow(config, 7, 0, 1, 64);
        final OrderEvent request = new OrderEvent();
        try (JournalAppender appender = JournalAppender.open(JournalConfig.builder(dir)
                .segmentSize(64 * 1024)
                .clock(() -> () -> OPEN_NANOS - 1_000_000L)
                .build())) {
            SessionRecord.append(appender, config);
            for (int i = 0; i < count; i++) {
                flow.next(request);
                appender.append(request, OrderJournalCodec.INSTANCE, OPEN_NANOS + i * 1_000_000L);
                expected.apply(request);
            }
        }
        return expected;
    }

    private static String[] tool(final String... args) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int code = JournalTool.execute(
                args,
                new ToolIo(
                        new ByteArrayInputStream(new byte[0]),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        false,
                        false));
        return new String[] {
            Integer.toString(code), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)
        };
    }

    private static void assertGolden(final String name, final String actual) throws IOException {
        final Path file = Path.of("src", "test", "resources", "golden", name);
        if (Boolean.getBoolean("ringbolt.golden.update")) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, actual);
            return;
        }
        assertEquals(Files.readString(file), actual, "golden file " + file);
    }

    @Test
    void shouldKeepEveryRequestFieldThroughTheCodec() {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        final OrderEvent out = new OrderEvent();
        for (final OrderEvent in : List.of(
                new OrderEvent().set(OrderType.NEW_LIMIT, Long.MAX_VALUE, Integer.MAX_VALUE, 1023, Side.SELL, 99, 7),
                new OrderEvent().set(OrderType.NEW_MARKET, 1, 0, 0, Side.BUY, 0, Long.MAX_VALUE),
                new OrderEvent().set(OrderType.CANCEL, 42, 63, 65535, Side.BUY, 0, 0))) {
            assertEquals(OrderJournalCodec.LENGTH, OrderJournalCodec.INSTANCE.encodedLength(in));
            OrderJournalCodec.INSTANCE.encode(in, buffer, 8);
            out.verdict = RiskVerdict.ACCEPTED;
            OrderJournalCodec.INSTANCE.decode(OrderJournalCodec.TYPE, buffer, 8, OrderJournalCodec.LENGTH, out);
            assertEquals(in.toString(), out.toString());
            assertEquals(RiskVerdict.PENDING, out.verdict, "risk fields reset");
        }
        assertThrows(
                IllegalArgumentException.class,
                () -> OrderJournalCodec.INSTANCE.decode(SessionRecord.TYPE, buffer, 0, 32, out));
    }

    @Test
    void shouldDumpRequestsAndTheSessionRecordAsTheGoldenFilesSay() throws IOException {
        final ExchangeConfig config =
                ExchangeConfig.defaults().withInstruments(3).withAccounts(8);
        writeJournal(config, 40);
        final String[] text = tool("dump", dir.toString());
        assertEquals("0", text[0], text[2]);
        assertGolden("exchange-dump.txt", text[1]);
        final String[] json = tool("dump", dir.toString(), "--format", "json");
        assertEquals("0", json[0], json[2]);
        assertGolden("exchange-dump.jsonl", json[1]);
        final String[] cancels = tool("dump", dir.toString(), "--type", "order", "--since", "+20ms", "--limit", "5");
        assertGolden("exchange-dump-orders-from-20ms-limit-5.txt", cancels[1]);
    }

    @Test
    void shouldReplayIntoTheExchangesPipelineToTheStateOfAOneThreadReplay() {
        final ExchangeConfig config =
                ExchangeConfig.defaults().withInstruments(3).withAccounts(8);
        final ExchangeReplay expected = writeJournal(config, 5_000);
        final String[] run = tool("replay", dir.toString(), "--into", "exchange", "--option", "wait=blocking");
        assertEquals("0", run[0], run[1] + run[2]);
        final String out = run[1];
        assertTrue(out.startsWith("replayed 5,001 records (sequences 0 .. 5000) into exchange in "), out);
        assertTrue(
                out.contains("  run 1: session record at sequence 0, 3 instruments, 8 accounts, blocking wait"
                        + " strategy\n"),
                out);
        final MatchingEngine engine = expected.engine();
        assertTrue(
                out.contains(String.format(
                        Locale.ROOT,
                        "    trades     %,d trades, volume %,d lots; %,d orders resting at the end\n",
                        engine.trades(),
                        engine.volume(),
                        engine.restingOrders())),
                out);
        assertTrue(
                out.contains(String.format(
                        Locale.ROOT,
                        "    state hash %016x   trade hash %016x\n",
                        engine.stateHash(),
                        engine.tradeHash())),
                out);
        assertTrue(engine.trades() > 100, "the flow trades: " + engine.trades());

        final String[] part = tool("replay", dir.toString(), "--into", "exchange", "--from", "2501");
        assertEquals("0", part[0], part[1] + part[2]);
        assertTrue(
                part[1].contains("  run 1: no session record before the first request: default configuration, 4"
                        + " instruments, 64 accounts"),
                part[1]);

        final String[] bad = tool("replay", dir.toString(), "--into", "exchange", "--option", "speed=11");
        assertEquals("2", bad[0]);
        assertEquals(
                "journal replay: --into exchange: unknown option 'speed'; options: wait, instruments, accounts\n",
                bad[2]);
    }
}
