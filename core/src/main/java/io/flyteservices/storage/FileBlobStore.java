package io.flyteservices.storage;

import jakarta.inject.Singleton;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/** {@code file://} URIs on the local file system: the all-in-one default. */
@Singleton
public final class FileBlobStore implements BlobStore {

    @Override
    public boolean supports(String scheme) {
        return "file".equals(scheme);
    }

    @Override
    public void write(URI uri, byte[] data) throws IOException {
        Path target = Path.of(uri);
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
            return Optional.of(Files.readAllBytes(Path.of(uri)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public void delete(URI uri) throws IOException {
        Files.deleteIfExists(Path.of(uri));
    }
}
