package io.flyteservices.protocol.connect;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads length-prefixed frames one at a time from a streamed HTTP body, as a client would. */
public final class FrameReader implements AutoCloseable {

    private final DataInputStream in;

    public FrameReader(InputStream in) {
        this.in = new DataInputStream(in);
    }

    /** The next frame, or {@code null} at the end of the body. */
    public Envelopes.Envelope next() {
        try {
            int flags = in.read();
            if (flags < 0) {
                return null;
            }
            int length = in.readInt();
            byte[] payload = new byte[length];
            in.readFully(payload);
            return new Envelopes.Envelope(flags, payload);
        } catch (EOFException e) {
            throw new IllegalStateException("body ended inside a frame", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
