package io.ringbolt.examples.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringbolt.journal.JournalAppender;
import io.ringbolt.journal.JournalConfig;
import io.ringbolt.journal.JournalFormatException;
import io.ringbolt.journal.SyncPolicy;
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
        try (JournalAppender appender = JournalAppender.open(ExchangeSchema.journal(dir)
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
            out.verdict(RiskVerdict.ACCEPTED);
            OrderJournalCodec.INSTANCE.decode(OrderJournalCodec.TYPE, buffer, 8, OrderJournalCodec.LENGTH, out);
            assertEquals(in.toString(), out.toString());
            assertEquals(RiskVerdict.PENDING, out.verdict(), "risk fields reset");
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

    /** One 23-byte text heartbeat of type 1, the type of an exchange request, in a journal of a schema id. */
    private Path writeHeartbeat(final Path journal, final int schemaId) {
        try (JournalAppender appender = JournalAppender.open(
                JournalConfig.builder(journal).schemaId(schemaId).build())) {
            final byte[] text = "heartbeat node=a seq=01".getBytes(StandardCharsets.US_ASCII);
            assertEquals(23, text.length);
            appender.claim(ExchangeSchema.ORDER, text.length, OPEN_NANOS).putBytes(0, text);
            appender.commit();
        }
        return journal;
    }

    @Test
    void shouldShowTheRecordsOfAnotherApplicationsJournalAsTypeLengthAndHex() {
        final String hex = "0x686561727462656174206e6f64653d61207365713d3031";
        for (final int schemaId : new int[] {0, 0x54534554}) {
            final Path journal = writeHeartbeat(dir.resolve("schema-" + schemaId), schemaId);
            final String[] text = tool("dump", journal.toString());
            assertEquals("0", text[0], text[2]);
            assertEquals("0  2024-01-01T09:30:00.000000000Z  type(1)  23 B  " + hex + "\n", text[1]);
            final String[] json = tool("dump", journal.toString(), "--format", "json");
            assertEquals("0", json[0], json[2]);
            assertEquals(
                    "{\"sequence\":0,\"timestamp\":" + OPEN_NANOS + ",\"time\":\"2024-01-01T09:30:00.000000000Z\","
                            + "\"type\":1,\"length\":23,\"hex\":\"" + hex.substring(2) + "\"}\n",
                    json[1]);

            final String schema = schemaId == 0 ? "schema id 0 (none declared)" : "schema id " + schemaId;
            final String[] forced = tool("dump", journal.toString(), "--decoder", "exchange");
            assertEquals("2", forced[0]);
            assertEquals(
                    "journal dump: decoder 'exchange' decodes schema id(s) " + ExchangeSchema.ID
                            + ", not this journal's " + schema + "\n",
                    forced[2]);
            final String[] byName = tool("dump", journal.toString(), "--type", "order");
            assertEquals("2", byName[0]);
            assertEquals(
                    "journal dump: --type order: not a number, and no decoder of this journal's " + schema
                            + " names a type so\n",
                    byName[2]);
            final String[] replay = tool("replay", journal.toString(), "--into", "exchange");
            assertEquals("2", replay[0]);
            assertEquals(
                    "journal replay: --into exchange: the app replays schema id(s) " + ExchangeSchema.ID
                            + ", not this journal's " + schema + "\n",
                    replay[2]);
            final String[] info = tool("info", journal.toString());
            assertEquals("0", info[0], info[2]);
            assertTrue(
                    info[1].contains("\nschema     id " + schemaId
                            + (schemaId == 0
                                    ? " (none declared): payloads are shown as hex\n"
                                    : ", no decoder of it on the class path: payloads are shown as hex\n")),
                    info[1]);
        }
    }

    @Test
    void shouldShowARecordOfTheExchangesSchemaWithALengthItsTypeNeverHasAsHexWithTheReason() {
        final Path journal = writeHeartbeat(dir, ExchangeSchema.ID);
        final String[] text = tool("dump", journal.toString());
        assertEquals("0", text[0], text[2]);
        assertEquals(
                "0  2024-01-01T09:30:00.000000000Z  order(1)  23 B  0x686561727462656174206e6f64653d61207365713d3031"
                        + "  (decoder exchange: a request is 32 or 48 bytes, this one 23)\n",
                text[1]);
    }

    @Test
    void shouldNameTheExchangesDecoderInInfo() {
        writeJournal(ExchangeConfig.defaults(), 3);
        final String[] info = tool("info", dir.toString());
        assertEquals("0", info[0], info[2]);
        assertTrue(info[1].contains("\nschema     id " + ExchangeSchema.ID + ", decoded by exchange\n"), info[1]);
    }

    @Test
    void shouldRefuseAJournalOfAnotherSchemaForTheExchange() {
        writeHeartbeat(dir, 0);
        try (JournalAppender plain = JournalAppender.open(dir)) {
            final IllegalArgumentException error = assertThrows(
                    IllegalArgumentException.class,
                    () -> Exchange.builder(ExchangeConfig.defaults()).journal(plain, SyncPolicy.NONE));
            assertEquals(
                    "journal: the appender of " + dir + " has schema id 0, the exchange writes only schema id "
                            + ExchangeSchema.ID + " (open it with ExchangeSchema.journal(dir))",
                    error.getMessage());
        }
        final JournalFormatException reopened = assertThrows(
                JournalFormatException.class,
                () -> JournalAppender.open(ExchangeSchema.journal(dir).build()));
        assertEquals(JournalFormatException.Kind.SCHEMA_MISMATCH, reopened.kind());
        assertTrue(
                reopened.getMessage().contains("has schema id 0 (none declared), at offset 48 of segment "),
                reopened.getMessage());
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
