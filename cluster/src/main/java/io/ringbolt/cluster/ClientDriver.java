package io.ringbolt.cluster;

import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import java.nio.file.Path;
import org.agrona.concurrent.BackoffIdleStrategy;

/** The media driver of a cluster client process: one shared thread with backoff idling, in its own directory. */
public final class ClientDriver {
    private ClientDriver() {}

    /**
     * Starts a client's driver.
     *
     * @param aeronDirectory a directory of its own (deleted on start and on close)
     * @return the driver; close it after the client
     */
    public static MediaDriver launch(final Path aeronDirectory) {
        return MediaDriver.launch(new MediaDriver.Context()
                .aeronDirectoryName(aeronDirectory.toString())
                .threadingMode(ThreadingMode.SHARED)
                .sharedIdleStrategy(new BackoffIdleStrategy(10, 20, 1_000, 100_000))
                .termBufferSparseFile(true)
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true));
    }

    /**
     * A fresh directory for a driver: under /dev/shm when it exists (memory, as Aeron expects), else the temp
     * directory. Never Aeron's shared default directory.
     *
     * @param prefix the directory name's prefix
     * @return the directory (created)
     */
    public static Path freshDirectory(final String prefix) {
        try {
            final Path shm = Path.of("/dev/shm");
            return java.nio.file.Files.isDirectory(shm) && java.nio.file.Files.isWritable(shm)
                    ? java.nio.file.Files.createTempDirectory(shm, prefix)
                    : java.nio.file.Files.createTempDirectory(prefix);
        } catch (final java.io.IOException ex) {
            throw new java.io.UncheckedIOException("cannot create a driver directory " + prefix, ex);
        }
    }
}
