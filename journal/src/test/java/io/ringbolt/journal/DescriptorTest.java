package io.ringbolt.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The byte layouts and file naming of {@link RecordDescriptor} and {@link SegmentDescriptor}; single-threaded. */
class DescriptorTest {
    @Test
    void shouldLayOutTheRecordHeaderWithAlignedLongs() {
        assertEquals(0, RecordDescriptor.LENGTH_OFFSET);
        assertEquals(4, RecordDescriptor.CHECKSUM_OFFSET);
        assertEquals(8, RecordDescriptor.TYPE_OFFSET);
        assertEquals(12, RecordDescriptor.FLAGS_OFFSET);
        assertEquals(16, RecordDescriptor.SEQUENCE_OFFSET);
        assertEquals(24, RecordDescriptor.TIMESTAMP_OFFSET);
        assertEquals(32, RecordDescriptor.HEADER_LENGTH);
        assertEquals(0, RecordDescriptor.SEQUENCE_OFFSET % 8);
        assertEquals(0, RecordDescriptor.TIMESTAMP_OFFSET % 8);
        assertEquals(96 + 32 + 8, RecordDescriptor.payloadOffset(96) + 8);
        assertEquals(96 + 16, RecordDescriptor.sequenceOffset(96));
    }

    @Test
    void shouldAlignRecordsToEightBytes() {
        assertEquals(32, RecordDescriptor.alignedLength(32));
        assertEquals(40, RecordDescriptor.alignedLength(33));
        assertEquals(40, RecordDescriptor.alignedLength(40));
        assertEquals(96, RecordDescriptor.alignedLength(RecordDescriptor.recordLength(64)));
        assertEquals(64 + 32 - 8, RecordDescriptor.checksummedLength(RecordDescriptor.recordLength(64)));
    }

    @Test
    void shouldNameSegmentsByTheirZeroPaddedFirstSequence() {
        assertEquals("00000000000000000000.rbj", SegmentDescriptor.fileName(0));
        assertEquals("00000000000000001234.rbj", SegmentDescriptor.fileName(1234));
        assertEquals("09223372036854775807.rbj", SegmentDescriptor.fileName(Long.MAX_VALUE));
        assertEquals(1234, SegmentDescriptor.parseFirstSequence("00000000000000001234.rbj"));
        assertEquals(Long.MAX_VALUE, SegmentDescriptor.parseFirstSequence("09223372036854775807.rbj"));
        assertEquals(-1, SegmentDescriptor.parseFirstSequence("0000000000000000123.rbj"));
        assertEquals(-1, SegmentDescriptor.parseFirstSequence("0000000000000000123x.rbj"));
        assertEquals(-1, SegmentDescriptor.parseFirstSequence("00000000000000001234.rbj.tmp"));
        assertEquals(-1, SegmentDescriptor.parseFirstSequence("journal.lock"));
        assertEquals(-1, SegmentDescriptor.parseFirstSequence("99999999999999999999.rbj"));
    }

    @Test
    void shouldSizeTheIndexForTheMostRecordsASegmentHolds() {
        final int size = 64 << 20;
        final int capacity = SegmentDescriptor.indexCapacity(size, 256);
        final int maxRecords = (size - 64) / 32;
        assertTrue((long) (capacity - 1) * 256 >= maxRecords - 255, "capacity " + capacity);
        final int data = SegmentDescriptor.dataOffset(capacity);
        assertEquals(0, data % 64);
        assertTrue(data >= 64 + 4 * capacity);
        assertEquals(size - data - 32, SegmentDescriptor.maxPayloadLength(size, data));
    }

    @Test
    void shouldPackACheckpointIntoOneLong() {
        final long packed = SegmentDescriptor.checkpoint(123_456, 1 << 29);
        assertEquals(123_456, SegmentDescriptor.checkpointRecords(packed));
        assertEquals(1 << 29, SegmentDescriptor.checkpointOffset(packed));
    }

    @Test
    void shouldRejectBadConfigurationNamingTheParameter() {
        final JournalConfig.Builder builder = JournalConfig.builder(java.nio.file.Path.of("x"));
        final IllegalArgumentException size =
                assertThrows(IllegalArgumentException.class, () -> builder.segmentSize(5000));
        assertTrue(size.getMessage().startsWith("segmentSize must be a multiple of 4096"), size.getMessage());
        assertTrue(size.getMessage().endsWith("was 5000"), size.getMessage());
        final IllegalArgumentException interval =
                assertThrows(IllegalArgumentException.class, () -> builder.indexInterval(3));
        assertTrue(interval.getMessage().startsWith("indexInterval must be a power of two"), interval.getMessage());
    }
}
