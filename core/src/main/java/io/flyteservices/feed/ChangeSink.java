package io.flyteservices.feed;

import java.util.List;

/**
 * Receives committed changes from the feed: each batch in seq order, every change at least once (a change may be
 * repeated, never skipped). Called from the feed's single thread; must not block for long.
 */
@FunctionalInterface
public interface ChangeSink {
    void accept(List<Change> batch);
}
