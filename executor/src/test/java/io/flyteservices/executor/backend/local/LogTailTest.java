package io.flyteservices.executor.backend.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class LogTailTest {

    @TempDir
    Path dir;

    @Test
    void shouldKeepLastLinesWhenFileHasMoreThanTheLimit() throws IOException {
        var file = write(IntStream.rangeClosed(1, 30).mapToObj(i -> "line" + i).collect(Collectors.joining("\n")));

        assertThat(LogTail.of(file)).isEqualTo(
                IntStream.rangeClosed(11, 30).mapToObj(i -> "line" + i).collect(Collectors.joining("\n")));
    }

    @Test
    void shouldReturnWholeTextWithoutTrailingNewlineWhenFileIsShort() throws IOException {
        assertThat(LogTail.of(write("boom\nbang\n\n"))).isEqualTo("boom\nbang");
    }

    @Test
    void shouldDropCutLineWhenByteLimitFallsInsideIt() throws IOException {
        var file = write("a-long-first-line\nsecond\nthird\n");

        // The last 10 bytes are "ond\nthird\n": "ond" is what is left of a cut line.
        assertThat(LogTail.of(file, 20, 10)).isEqualTo("third");
    }

    @Test
    void shouldKeepCutLineWhenItIsTheOnlyOne() throws IOException {
        var file = write("x".repeat(10_000));

        assertThat(LogTail.of(file, 20, 4096)).hasSize(4096).matches("x+");
    }

    @Test
    void shouldReturnEmptyWhenFileIsMissingOrEmpty() throws IOException {
        assertThat(LogTail.of(dir.resolve("missing.log"))).isEmpty();
        assertThat(LogTail.of(write(""))).isEmpty();
    }

    private Path write(String text) throws IOException {
        return Files.writeString(Files.createTempFile(dir, "log", ".txt"), text);
    }
}
