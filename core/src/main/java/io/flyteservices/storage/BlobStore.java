package io.flyteservices.storage;

import java.io.IOException;
import java.net.URI;
import java.util.Optional;

/** Reads and writes whole objects by URI. Implementations exist per URI scheme. */
public interface BlobStore {

    /** Whether this store handles URIs of {@code scheme}. */
    boolean supports(String scheme);

    /** Writes {@code data} at {@code uri}, replacing what is there, atomically for readers. */
    void write(URI uri, byte[] data) throws IOException;

    /** The object at {@code uri}, or empty when there is none. */
    Optional<byte[]> read(URI uri) throws IOException;

    /** Removes the object at {@code uri} if present. */
    void delete(URI uri) throws IOException;
}
