package io.flyteservices.state;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * The {@code state} configuration.
 *
 * @param maxStateSizeBytes largest state (UTF-8 bytes of its JSON text) a Put stores; larger ones are refused
 *                          with INVALID_ARGUMENT
 */
@ConfigurationProperties("state")
public record StateConfig(@Bindable(defaultValue = "1048576") int maxStateSizeBytes) {

    public StateConfig {
        if (maxStateSizeBytes <= 0) {
            throw new IllegalArgumentException("state.maxStateSizeBytes must be > 0, got " + maxStateSizeBytes);
        }
    }
}
