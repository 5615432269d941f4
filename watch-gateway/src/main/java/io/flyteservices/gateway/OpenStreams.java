package io.flyteservices.gateway;

import io.flyteservices.feed.StreamSender;
import io.grpc.Status;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every open watch stream, by RPC: the gauge {@code gateway.streams.active{rpc}} counts them, the counter
 * {@code gateway.streams.overflows{rpc}} counts streams ended because their reader fell behind, and on shutdown
 * each is ended with UNAVAILABLE so its client reconnects to another gateway.
 */
@Singleton
public final class OpenStreams {

    private static final Logger LOG = LoggerFactory.getLogger(OpenStreams.class);

    private final Map<String, Set<StreamSender<?>>> byRpc = new ConcurrentHashMap<>();
    private final MeterRegistry meters;

    public OpenStreams(MeterRegistry meters) {
        this.meters = meters;
    }

    public void opened(String rpc, StreamSender<?> sender) {
        byRpc.computeIfAbsent(rpc, name -> {
            Set<StreamSender<?>> set = ConcurrentHashMap.newKeySet();
            Gauge.builder("gateway.streams.active", set, Set::size).tag("rpc", name).register(meters);
            return set;
        }).add(sender);
    }

    public void closed(String rpc, StreamSender<?> sender) {
        Set<StreamSender<?>> set = byRpc.get(rpc);
        if (set != null) {
            set.remove(sender);
        }
        if (sender.overflowed()) {
            meters.counter("gateway.streams.overflows", "rpc", rpc).increment();
            LOG.info("slow stream ended rpc={} reason=buffer-full", rpc);
        }
    }

    public int count() {
        return byRpc.values().stream().mapToInt(Set::size).sum();
    }

    /** Ends every open stream with UNAVAILABLE: the gateway is going away. */
    @PreDestroy
    public void drain() {
        int drained = 0;
        for (Set<StreamSender<?>> set : byRpc.values()) {
            for (StreamSender<?> sender : set) {
                sender.fail(Status.UNAVAILABLE.withDescription("the watch gateway is shutting down; reconnect"));
                drained++;
            }
        }
        if (drained > 0) {
            LOG.info("streams drained count={}", drained);
        }
    }
}
