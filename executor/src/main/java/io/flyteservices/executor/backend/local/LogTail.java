package io.flyteservices.executor.backend.local;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the end of a log file (at most so many lines and bytes), for an error message that shows why a process
 * failed without copying a whole log into the database.
 */
final class LogTail {

    /** Lines kept by default. */
    static final int DEFAULT_MAX_LINES = 20;
    /** Bytes read by default. */
    static final int DEFAULT_MAX_BYTES = 4096;

    private LogTail() {
    }

    /** The last {@link #DEFAULT_MAX_LINES} lines within the last {@link #DEFAULT_MAX_BYTES} bytes. */
    static String of(Path file) throws IOException {
        return of(file, DEFAULT_MAX_LINES, DEFAULT_MAX_BYTES);
    }

    /**
     * The last {@code maxLines} lines found within the last {@code maxBytes} bytes of {@code file}, joined by
     * {@code \n} without a trailing newline; empty when the file is missing or empty. A line cut by the byte limit
     * is dropped unless it is the only one; bytes that are not UTF-8 become U+FFFD.
     */
    static String of(Path file, int maxLines, int maxBytes) throws IOException {
        byte[] bytes;
        boolean truncated;
        try (SeekableByteChannel channel = Files.newByteChannel(file)) {
            var size = channel.size();
            var start = Math.max(0, size - maxBytes);
            truncated = start > 0;
            var buffer = ByteBuffer.allocate((int) (size - start));
            channel.position(start);
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // read until the buffer is full or the file ends (it may still be growing or shrinking)
            }
            bytes = Arrays.copyOf(buffer.array(), buffer.position());
        } catch (NoSuchFileException e) {
            return "";
        }
        var text = new String(bytes, StandardCharsets.UTF_8);
        var firstNewline = text.indexOf('\n');
        if (truncated && firstNewline >= 0 && firstNewline < text.length() - 1) {
            text = text.substring(firstNewline + 1);
        }
        List<String> lines = text.stripTrailing().lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - maxLines), lines.size()));
    }
}
