package io.flyteservices.runs;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.net.URI;

/**
 * The {@code runs} configuration.
 *
 * @param storagePrefix   URI under which runs' inputs and outputs live ({@code file://...} locally)
 * @param watchBufferSize per-stream buffer of watch updates before a slow reader is resynchronised
 */
@ConfigurationProperties("runs")
public record RunsConfig(
        @Bindable(defaultValue = "file:///tmp/flyte-services/storage") String storagePrefix,
        @Bindable(defaultValue = "1024") int watchBufferSize) {

    public RunsConfig {
        URI uri = URI.create(storagePrefix);
        if (uri.getScheme() == null) {
            throw new IllegalArgumentException("runs.storagePrefix must be a URI with a scheme, got " + storagePrefix);
        }
        if (watchBufferSize <= 0) {
            throw new IllegalArgumentException("runs.watchBufferSize must be > 0, got " + watchBufferSize);
        }
    }
}
