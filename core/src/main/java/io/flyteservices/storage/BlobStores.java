package io.flyteservices.storage;

import jakarta.inject.Singleton;

import java.net.URI;
import java.util.List;

/** Picks the {@link BlobStore} for a URI by its scheme. */
@Singleton
public final class BlobStores {

    private final List<BlobStore> stores;

    public BlobStores(List<BlobStore> stores) {
        this.stores = List.copyOf(stores);
    }

    /** The store for {@code uri}; IllegalArgumentException when no store handles its scheme. */
    public BlobStore forUri(URI uri) {
        String scheme = uri.getScheme();
        return stores.stream()
                .filter(s -> s.supports(scheme))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no storage for URI scheme '" + scheme + "': " + uri));
    }
}
