package io.flyteservices.protocol.bridge;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusException;
import io.micronaut.core.convert.ConversionService;
import io.micronaut.http.simple.SimpleHttpHeaders;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetadataHeadersTest {

    private static SimpleHttpHeaders headers(String... pairs) {
        SimpleHttpHeaders headers = new SimpleHttpHeaders(ConversionService.SHARED);
        for (int i = 0; i < pairs.length; i += 2) {
            headers.add(pairs[i], pairs[i + 1]);
        }
        return headers;
    }

    @Test
    void shouldKeepAuthorizationAndCustomHeadersWhenConverting() throws StatusException {
        Metadata metadata = MetadataHeaders.fromHttp(headers(
                "Authorization", "Bearer abc", "X-Request-Id", "r1", "x-user-agent", "connect-es/2",
                "x-trace-bin", Base64.getEncoder().withoutPadding().encodeToString(new byte[] {9, 8})));

        assertThat(metadata.get(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER)))
                .isEqualTo("Bearer abc");
        assertThat(metadata.get(Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER))).isEqualTo("r1");
        assertThat(metadata.get(Metadata.Key.of("x-user-agent", Metadata.ASCII_STRING_MARSHALLER)))
                .isEqualTo("connect-es/2");
        assertThat(metadata.get(Metadata.Key.of("x-trace-bin", Metadata.BINARY_BYTE_MARSHALLER))).containsExactly(9, 8);
    }

    @Test
    void shouldDropProtocolAndHopByHopHeadersWhenConverting() throws StatusException {
        Metadata metadata = MetadataHeaders.fromHttp(headers(
                "Host", "h", "Connection", "keep-alive", "TE", "trailers", "Transfer-Encoding", "chunked",
                "Content-Type", "application/json", "Content-Length", "3", "Content-Encoding", "gzip",
                "Connect-Protocol-Version", "1", "Connect-Timeout-Ms", "5", "grpc-timeout", "1S",
                "Accept-Encoding", "gzip", "Upgrade", "h2c", "X-Grpc-Web", "1"));

        assertThat(metadata.keys()).isEmpty();
    }

    @Test
    void shouldFailInvalidArgumentWhenBinaryHeaderNotBase64() {
        assertThatThrownBy(() -> MetadataHeaders.fromHttp(headers("x-bad-bin", "***")))
                .isInstanceOfSatisfying(StatusException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    }

    @Test
    void shouldRenderBinaryAsUnpaddedBase64AndSkipReservedWhenWritingHeaders() {
        Metadata metadata = new Metadata();
        metadata.put(Metadata.Key.of("x-one", Metadata.ASCII_STRING_MARSHALLER), "1");
        metadata.put(Metadata.Key.of("x-bytes-bin", Metadata.BINARY_BYTE_MARSHALLER), new byte[] {1});
        metadata.put(Metadata.Key.of("grpc-status", Metadata.ASCII_STRING_MARSHALLER), "0");

        assertThat(MetadataHeaders.toHttp(metadata)).containsExactly(Map.entry("x-one", "1"),
                Map.entry("x-bytes-bin", "AQ"));
    }
}
