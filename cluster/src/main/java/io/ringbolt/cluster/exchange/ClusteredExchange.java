package io.ringbolt.cluster.exchange;

import io.ringbolt.cluster.RingboltClusteredService;
import io.ringbolt.engine.Threading;
import io.ringbolt.engine.wait.WaitKind;
import io.ringbolt.examples.exchange.Exchange;
import io.ringbolt.examples.exchange.ExchangeConfig;
import io.ringbolt.examples.exchange.ExchangeSchema;
import io.ringbolt.examples.exchange.InputCapture;
import io.ringbolt.examples.exchange.OrderEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The order-matching exchange as an Aeron Cluster service: the exchange's input ring fed from the log by
 * {@link ExchangeIngress}, its reports sent back by {@link ExchangeEgressStage} on the output ring, its state in the
 * cluster's snapshots. Hand {@link #service()} to a {@code ClusteredServiceContainer.Context}; the container starts and
 * stops the exchange.
 *
 * <pre>
 *  log --> ExchangeIngress --> [ input ring ] --> risk --> matching --> [ output ring ] --+--> executionReports
 *          (dedup, probes)                                                               +--> marketData
 *                                                                                        +--> egress (leader sends)
 * </pre>
 */
public final class ClusteredExchange {
    private final Exchange exchange;
    private final ExchangeIngress ingress;
    private final RingboltClusteredService<OrderEvent> service;
    private final ExchangeEgressStage egressStage;

    private ClusteredExchange(
            final ExchangeConfig config,
            final WaitKind waitKind,
            final Threading threading,
            final Path scratch,
            final Consumer<StateProbe> probes,
            final InputCapture capture) {
        final Exchange.Builder builder = Exchange.builder(config)
                .name("clustered-exchange")
                .waitKind(waitKind)
                .threading(threading);
        if (capture != null) {
            builder.captureInput(capture);
        }
        this.exchange = builder.build();
        this.ingress = new ExchangeIngress(() -> exchange.engine().stateHash(), probes);
        this.service = RingboltClusteredService.builder(exchange.inputRing(), ingress)
                .state("ingress", ingress)
                .state("risk", exchange.risk())
                .state("matching", exchange.engine())
                .snapshots(scratch, ExchangeSchema.ID)
                .lifecycle(exchange::start, () -> exchange.stop(Duration.ofSeconds(10)))
                .build();
        ingress.bind(service);
        this.egressStage = new ExchangeEgressStage(service.egress());
        exchange.outputPipeline().addStage("egress", egressStage);
    }

    /**
     * Creates a clustered exchange for small machines: every stage on one shared thread, sleeping waits.
     *
     * @param config the exchange's configuration (equal on every node)
     * @param scratch where snapshots are staged
     * @param probes receives this node's answer to each probe
     * @return the clustered exchange, not started
     */
    public static ClusteredExchange create(
            final ExchangeConfig config, final Path scratch, final Consumer<StateProbe> probes) {
        return create(config, WaitKind.SLEEPING, Threading.SHARED, scratch, probes, null);
    }

    /**
     * Creates a clustered exchange.
     *
     * @param config the exchange's configuration (equal on every node)
     * @param waitKind how stages wait
     * @param threading how stages map to threads
     * @param scratch where snapshots are staged
     * @param probes receives this node's answer to each probe
     * @param capture sees every request matching handles, or {@code null}
     * @return the clustered exchange, not started
     */
    public static ClusteredExchange create(
            final ExchangeConfig config,
            final WaitKind waitKind,
            final Threading threading,
            final Path scratch,
            final Consumer<StateProbe> probes,
            final InputCapture capture) {
        return new ClusteredExchange(config, waitKind, threading, scratch, probes, capture);
    }

    /**
     * The clustered service.
     *
     * @return the service
     */
    public RingboltClusteredService<OrderEvent> service() {
        return service;
    }

    /**
     * The exchange; read its handlers only after the cluster terminated.
     *
     * @return the exchange
     */
    public Exchange exchange() {
        return exchange;
    }

    /**
     * The ingress; read it on the service thread or after the cluster terminated.
     *
     * @return the ingress
     */
    public ExchangeIngress ingress() {
        return ingress;
    }
}
