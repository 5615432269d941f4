package io.flyteservices.gateway;

import io.flyteservices.feed.ChangeFeed;
import io.micronaut.context.event.ShutdownEvent;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;

/**
 * Runs the change feed for as long as the gateway runs. Only the gateway (and all-in-one mode) starts it: the
 * stateless functions never hold a LISTEN connection.
 */
@Singleton
public final class FeedStarter {

    private final ChangeFeed feed;
    private final OpenStreams streams;

    public FeedStarter(ChangeFeed feed, OpenStreams streams) {
        this.feed = feed;
        this.streams = streams;
    }

    @EventListener
    void onStartup(StartupEvent event) {
        feed.start();
    }

    @EventListener
    void onShutdown(ShutdownEvent event) {
        // Streams first, with UNAVAILABLE, so clients reconnect elsewhere; then the feed that fed them.
        streams.drain();
        feed.close();
    }
}
