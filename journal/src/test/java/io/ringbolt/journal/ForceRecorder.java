package io.ringbolt.journal;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Records what a journal forced to disk (through {@link Segment#forceListener}) and rebuilds, for any moment, the
 * directory a power cut would leave: the bytes of each file only as far as they were forced, zeros elsewhere, each file
 * as long as it was at its last force (0 bytes if never forced), under the names of the last directory force or under
 * the names as they were. Files are followed by their file key (device and inode), so a force of a spare before its
 * rename counts for the segment it became. The test marks each acknowledged force with {@link #acknowledge(long)}.
 *
 * <p>The listener runs on the appender's and the preparer's threads; the events are kept under this object's lock.
 * Content is kept per 4 KiB page and only for pages that are not all zeros, so that segments of 64 MiB stay cheap.
 */
final class ForceRecorder implements ForceListener {
    private static final int PAGE = 4096;

    /** One thing that reached the disk, or an acknowledgement; with the directory listing at that moment. */
    private record Event(
            Object key,
            long size,
            long offset,
            long length,
            Map<Long, byte[]> pages,
            boolean directory,
            long acked,
            Map<String, Object> listing) {}

    private final Path directory;
    private final List<Event> events = new ArrayList<>();

    ForceRecorder(final Path directory) {
        this.directory = directory.toAbsolutePath();
    }

    @Override
    public synchronized void rangeForced(final Path file, final long offset, final long length) {
        if (!inDirectory(file)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            events.add(new Event(
                    key(file),
                    channel.size(),
                    offset,
                    length,
                    readPages(channel, offset, length),
                    false,
                    -1,
                    listing()));
        } catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    @Override
    public synchronized void fileForced(final Path file) {
        if (!inDirectory(file)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            final long size = channel.size();
            events.add(new Event(key(file), size, 0, size, readPages(channel, 0, size), false, -1, listing()));
        } catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    @Override
    public synchronized void directoryForced(final Path forced) {
        if (forced.toAbsolutePath().equals(directory)) {
            events.add(new Event(null, 0, 0, 0, Map.of(), true, -1, listing()));
        }
    }

    /** Marks that a force returned: every record before {@code nextSequence} must survive a cut from here on. */
    synchronized void acknowledge(final long nextSequence) {
        events.add(new Event(null, 0, 0, 0, Map.of(), false, nextSequence, listing()));
    }

    synchronized int events() {
        return events.size();
    }

    /**
     * Calls {@code check} with the directory a power cut would leave, for every moment between two events (and before
     * the first), once with the names of the last directory force and once with the names as they were then.
     */
    synchronized void forEachCut(final Path scratch, final CutCheck check) throws IOException {
        final Map<Object, FileImage> disk = new HashMap<>();
        Map<String, Object> durableNames = Map.of();
        long acked = 0;
        for (int i = -1; i < events.size(); i++) {
            if (i >= 0) {
                final Event event = events.get(i);
                if (event.directory()) {
                    durableNames = event.listing();
                } else if (event.acked() >= 0) {
                    acked = event.acked();
                } else {
                    disk.computeIfAbsent(event.key(), k -> new FileImage()).apply(event);
                }
            }
            // The names as they were just before the next event: renames and creations since the last one included.
            final Map<String, Object> currentNames =
                    i + 1 < events.size() ? events.get(i + 1).listing() : listing();
            check.check(write(scratch.resolve("cut-" + (i + 1) + "-synced-names"), durableNames, disk), acked, i + 1);
            check.check(write(scratch.resolve("cut-" + (i + 1) + "-all-names"), currentNames, disk), acked, i + 1);
            deleteTree(scratch);
        }
    }

    /** Checks one image. */
    interface CutCheck {
        void check(Path image, long acknowledged, int cut) throws IOException;
    }

    private static Path write(final Path image, final Map<String, Object> names, final Map<Object, FileImage> disk)
            throws IOException {
        Files.createDirectories(image);
        for (final Map.Entry<String, Object> name : names.entrySet()) {
            final FileImage content = disk.get(name.getValue());
            try (RandomAccessFile file =
                    new RandomAccessFile(image.resolve(name.getKey()).toFile(), "rw")) {
                if (content != null) {
                    file.setLength(content.size);
                    for (final Map.Entry<Long, byte[]> page : content.pages.entrySet()) {
                        final long at = page.getKey() * PAGE;
                        if (at < content.size) {
                            file.seek(at);
                            file.write(page.getValue(), 0, (int) Math.min(PAGE, content.size - at));
                        }
                    }
                }
            }
        }
        return image;
    }

    static void deleteTree(final Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var walk = Files.walk(root)) {
            final List<Path> paths =
                    walk.sorted(java.util.Comparator.reverseOrder()).toList();
            for (final Path path : paths) {
                Files.delete(path);
            }
        }
    }

    private boolean inDirectory(final Path file) {
        return directory.equals(file.toAbsolutePath().getParent());
    }

    private static Object key(final Path file) throws IOException {
        return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    }

    /** The names in the directory now and their file keys; files that vanish while listed are left out. */
    private Map<String, Object> listing() {
        final Map<String, Object> names = new TreeMap<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
            for (final Path path : stream) {
                try {
                    names.put(path.getFileName().toString(), key(path));
                } catch (final IOException ignored) {
                    // Deleted or renamed between the listing and the look: not there at this moment either way.
                }
            }
        } catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return names;
    }

    /** The pages of {@code [offset, offset + length)} as they are now, whole pages, only those not all zeros. */
    private static Map<Long, byte[]> readPages(final FileChannel channel, final long offset, final long length)
            throws IOException {
        final Map<Long, byte[]> pages = new HashMap<>();
        final long end = Math.min(offset + length, channel.size());
        for (long page = offset / PAGE; page * PAGE < end; page++) {
            final byte[] bytes = new byte[PAGE];
            channel.read(ByteBuffer.wrap(bytes), page * PAGE);
            for (final byte b : bytes) {
                if (b != 0) {
                    pages.put(page, bytes);
                    break;
                }
            }
        }
        return pages;
    }

    /** What is on disk of one file: its length and the pages that are not zeros. */
    private static final class FileImage {
        private long size;
        private final Map<Long, byte[]> pages = new HashMap<>();

        /** Only the forced bytes change: a page partly forced keeps the rest as it was on disk. */
        void apply(final Event event) {
            size = event.size();
            final long from = event.offset();
            final long to = Math.min(event.offset() + event.length(), event.size());
            for (long page = from / PAGE; page * PAGE < to; page++) {
                final long pageStart = page * PAGE;
                final int start = (int) (Math.max(from, pageStart) - pageStart);
                final int end = (int) (Math.min(to, pageStart + PAGE) - pageStart);
                final byte[] forced = event.pages().get(page);
                byte[] onDisk = pages.get(page);
                if (onDisk == null) {
                    if (forced == null) {
                        continue;
                    }
                    onDisk = new byte[PAGE];
                    pages.put(page, onDisk);
                }
                if (forced == null) {
                    java.util.Arrays.fill(onDisk, start, end, (byte) 0);
                } else {
                    System.arraycopy(forced, start, onDisk, start, end - start);
                }
            }
        }
    }
}
