package io.ringbolt.cluster;

import io.aeron.archive.Archive;
import io.aeron.archive.ArchiveThreadingMode;
import io.aeron.archive.client.AeronArchive;
import io.aeron.cluster.ClusteredMediaDriver;
import io.aeron.cluster.ConsensusModule;
import io.aeron.cluster.service.ClusteredService;
import io.aeron.cluster.service.ClusteredServiceContainer;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NoOpLock;

/**
 * One member of an Aeron Cluster running one {@link ClusteredService}: a media driver, an archive (the Raft log's
 * storage), the consensus module and the service container, all in this process. On a small machine
 * ({@link ClusterNodeConfig#dedicatedCores()} false) the driver runs its conductor, sender and receiver on one thread,
 * the archive shares one thread, and every agent idles with a backoff (spin, yield, then park up to 100 us), so three
 * members and a client fit on two cores; with dedicated cores the driver gets its three threads and everything spins.
 *
 * <p>Close it to stop the member; a member killed instead restarts from its directories (latest snapshot plus the
 * log after it).
 */
public final class ClusterNode implements AutoCloseable {
    private final ClusterNodeConfig config;
    private final ClusteredMediaDriver driver;
    private final ClusteredServiceContainer container;

    private ClusterNode(final ClusterNodeConfig config, final ClusteredService service, final ErrorHandler errors) {
        this.config = config;
        final String aeronDir = config.aeronDirectory().toString();
        final Path base = config.dataDirectory();
        final Supplier<IdleStrategy> idle = config.dedicatedCores()
                ? BusySpinIdleStrategy::new
                : () -> new BackoffIdleStrategy(
                        10, 20, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MICROSECONDS.toNanos(100));
        final String host = config.host();
        final int member = config.memberId();

        final MediaDriver.Context driverContext = new MediaDriver.Context()
                .aeronDirectoryName(aeronDir)
                .threadingMode(config.dedicatedCores() ? ThreadingMode.DEDICATED : ThreadingMode.SHARED)
                .termBufferSparseFile(true)
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true)
                .errorHandler(errors);
        if (config.dedicatedCores()) {
            driverContext
                    .conductorIdleStrategy(new BusySpinIdleStrategy())
                    .senderIdleStrategy(new BusySpinIdleStrategy())
                    .receiverIdleStrategy(new BusySpinIdleStrategy());
        } else {
            driverContext.sharedIdleStrategy(idle.get());
        }

        final Archive.Context archiveContext = new Archive.Context()
                .aeronDirectoryName(aeronDir)
                .archiveDir(base.resolve("archive").toFile())
                .archiveId(member)
                .controlChannel("aeron:udp?endpoint=" + host + ":" + config.port(member, 4))
                .localControlChannel("aeron:ipc?term-length=64k")
                .replicationChannel("aeron:udp?endpoint=" + host + ":0")
                .archiveClientContext(
                        new AeronArchive.Context().controlResponseChannel("aeron:udp?endpoint=" + host + ":0"))
                .recordingEventsEnabled(false)
                .threadingMode(ArchiveThreadingMode.SHARED)
                .idleStrategySupplier(idle)
                .errorHandler(errors);

        final AeronArchive.Context archiveClient = new AeronArchive.Context()
                .lock(NoOpLock.INSTANCE)
                .controlRequestChannel(archiveContext.localControlChannel())
                .controlRequestStreamId(archiveContext.localControlStreamId())
                .controlResponseChannel(archiveContext.localControlChannel())
                .aeronDirectoryName(aeronDir);

        final long heartbeatTimeoutNs = config.leaderHeartbeatTimeout().toNanos();
        final ConsensusModule.Context consensus = new ConsensusModule.Context()
                .clusterMemberId(member)
                .clusterMembers(config.clusterMembers())
                .clusterDir(base.resolve("cluster").toFile())
                .archiveContext(archiveClient.clone())
                .serviceCount(1)
                .ingressChannel("aeron:udp")
                .logChannel("aeron:udp?term-length=4m")
                .replicationChannel("aeron:udp?endpoint=" + host + ":0")
                .leaderHeartbeatTimeoutNs(heartbeatTimeoutNs)
                .leaderHeartbeatIntervalNs(Math.max(TimeUnit.MILLISECONDS.toNanos(20), heartbeatTimeoutNs / 10))
                .startupCanvassTimeoutNs(TimeUnit.SECONDS.toNanos(10))
                .idleStrategySupplier(idle)
                .aeronDirectoryName(aeronDir)
                .errorHandler(errors);

        final ClusteredMediaDriver launched = ClusteredMediaDriver.launch(driverContext, archiveContext, consensus);
        try {
            this.container = ClusteredServiceContainer.launch(new ClusteredServiceContainer.Context()
                    .aeronDirectoryName(aeronDir)
                    .archiveContext(archiveClient.clone())
                    .clusterDir(base.resolve("cluster").toFile())
                    .clusteredService(service)
                    .serviceId(0)
                    .idleStrategySupplier(idle)
                    .errorHandler(errors));
        } catch (final RuntimeException ex) {
            CloseHelper.quietClose(launched);
            throw ex;
        }
        this.driver = launched;
    }

    /**
     * Starts a member.
     *
     * @param config where and how
     * @param service the clustered service (a fresh one per start)
     * @param errors receives the errors of every agent
     * @return the running member (after up to 30 s of retries while a killed member's mark files look active)
     */
    public static ClusterNode launch(
            final ClusterNodeConfig config, final ClusteredService service, final ErrorHandler errors) {
        // A member killed moments ago leaves its mark files looking active until the driver timeout (10 s) passes;
        // a restart waits that out instead of failing.
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                return new ClusterNode(config, service, errors);
            } catch (final RuntimeException ex) {
                if (!String.valueOf(ex.getMessage()).contains("active Mark file detected")
                        && !(ex.getCause() != null
                                && String.valueOf(ex.getCause().getMessage()).contains("active Mark file detected"))) {
                    throw ex;
                }
                if (System.nanoTime() > deadline) {
                    throw ex;
                }
                try {
                    Thread.sleep(500);
                } catch (final InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw ex;
                }
            }
        }
    }

    /**
     * The member's configuration.
     *
     * @return the configuration
     */
    public ClusterNodeConfig config() {
        return config;
    }

    /**
     * Stops the service container, then the consensus module, archive and driver.
     */
    @Override
    public void close() {
        CloseHelper.closeAll(container, driver);
    }
}
