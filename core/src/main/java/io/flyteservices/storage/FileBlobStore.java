package io.flyteservices.storage;

import io.flyteservices.runs.RunsConfig;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * {@code file://} URIs on the local file system: the all-in-one default. Confined to the directory of
 * {@code runs.storagePrefix}, so a client-supplied URI can never make the server read or write elsewhere; with a
 * non-file prefix, file URIs are refused altogether.
 */
@Singleton
public final class FileBlobStore implements BlobStore {

    private final Path root;

    public FileBlobStore(RunsConfig config) {
        URI prefix = URI.create(config.storagePrefix());
        this.root = "file".equals(prefix.getScheme()) ? Path.of(prefix).toAbsolutePath().normalize() : null;
    }

    @Override
    public boolean supports(String scheme) {
        return "file".equals(scheme);
    }

    /** Whether {@code uri} names a file this store may touch. */
    public boolean contains(URI uri) {
        try {
            return root != null && Path.of(uri).toAbsolutePath().normalize().startsWith(root);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public void write(URI uri, byte[] data) throws IOException {
        Path target = confined(uri);
        Files.createDirectories(target.getParent());
        // Write beside the target and rename, so a reader never sees a half-written file.
        Path temp = Files.createTempFile(target.getParent(), ".tmp-", ".part");
        try {
            Files.write(temp, data);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @Override
    public Optional<byte[]> read(URI uri) throws IOException {
        try {
            return Optional.of(Files.readAllBytes(confined(uri)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public void delete(URI uri) throws IOException {
        Files.deleteIfExists(confined(uri));
    }

    private Path confined(URI uri) {
        if (!contains(uri)) {
            throw new IllegalArgumentException(uri + " is outside the storage root " + root);
        }
        return Path.of(uri).toAbsolutePath().normalize();
    }
}
