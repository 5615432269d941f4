package io.flyteservices.storage;

import io.flyteservices.error.Errors;
import jakarta.inject.Singleton;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Checks URIs clients hand in (an action's input URI and output base): an absolute URI with a scheme; a
 * {@code file:} URI must lie under the storage root. Other schemes are stored as given (object stores in a
 * cluster).
 */
@Singleton
public final class StorageUris {

    private final FileBlobStore files;

    public StorageUris(FileBlobStore files) {
        this.files = files;
    }

    /** Throws INVALID_ARGUMENT naming {@code field} unless {@code uri} is acceptable. */
    public void requireValid(String field, String uri) {
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            throw Errors.invalidField(field, "not a URI: " + e.getMessage());
        }
        if (parsed.getScheme() == null) {
            throw Errors.invalidField(field, "must be an absolute URI with a scheme (file://, s3://, ...), got '"
                    + uri + "'");
        }
        if (files.supports(parsed.getScheme()) && !files.contains(parsed)) {
            throw Errors.invalidField(field, "file URIs must lie under the storage prefix, got '" + uri + "'");
        }
    }
}
