package io.flyteservices.model;

import com.google.protobuf.ListValue;
import com.google.protobuf.Value;
import io.flyteservices.error.ControlPlaneException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Page tokens: opaque, bound to their sort order, and rejected as INVALID_ARGUMENT when they are not ours. */
class PageTokenTest {

    private static final String SIGNATURE = "runs:created_at-";

    @Test
    void shouldDecodeWhatItEncodedWhenSignatureMatches() {
        PageToken token = new PageToken(SIGNATURE, List.of("2025-01-02T03:04:05.123456Z", "a, b; 'c'"), 42L);

        PageToken decoded = PageToken.decode(token.encode(), SIGNATURE);

        assertThat(decoded).isEqualTo(token);
    }

    @Test
    void shouldRoundTripWhenThereAreNoSortValuesOrEmptyOnes() {
        PageToken none = new PageToken(SIGNATURE, List.of(), Long.MAX_VALUE);
        PageToken empty = new PageToken(SIGNATURE, List.of("", ""), 1L);

        assertThat(PageToken.decode(none.encode(), SIGNATURE)).isEqualTo(none);
        assertThat(PageToken.decode(empty.encode(), SIGNATURE)).isEqualTo(empty);
    }

    @Test
    void shouldBeUrlSafeWithoutPaddingWhenEncoded() {
        String encoded = new PageToken(SIGNATURE, List.of("x".repeat(100), "\u00ff\u00fe"), 7L).encode();

        assertThat(encoded).matches("[A-Za-z0-9_-]+");
    }

    @Test
    void shouldRejectTokenWhenItWasMadeForAnotherSortOrder() {
        String token = new PageToken("runs:run_name+", List.of("abc"), 1L).encode();

        assertThatThrownBy(() -> PageToken.decode(token, SIGNATURE))
                .isInstanceOf(ControlPlaneException.InvalidArgument.class)
                .hasMessageContaining("request.token")
                .hasMessageContaining("another sort order");
    }

    @Test
    void shouldRejectTokenWhenItIsNotBase64() {
        assertInvalid("not a token!");
        assertInvalid("%%%%");
        assertInvalid("a");
    }

    @Test
    void shouldRejectTokenWhenItIsBase64OfSomethingElse() {
        assertInvalid(Base64.getUrlEncoder()
                .encodeToString("junk that is no protobuf".getBytes(StandardCharsets.UTF_8)));
        assertInvalid(Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[]{(byte) 0xff, 0x01, 0x02}));
        assertInvalid("");
    }

    @Test
    void shouldRejectTokenWhenItIsTruncated() {
        String token = new PageToken(SIGNATURE, List.of("2025-01-02T03:04:05Z"), 42L).encode();

        assertInvalid(token.substring(0, token.length() / 2));
    }

    @Test
    void shouldRejectTokenWhenVersionIsTampered() {
        assertInvalid(encode(string("2"), string(SIGNATURE), string("v"), string("1")));
        assertInvalid(encode(string(""), string(SIGNATURE), string("v"), string("1")));
    }

    @Test
    void shouldRejectTokenWhenLastIdIsTampered() {
        assertInvalid(encode(string("1"), string(SIGNATURE), string("v"), string("one")));
        assertInvalid(encode(string("1"), string(SIGNATURE), string("v"), string("99999999999999999999")));
    }

    @Test
    void shouldRejectTokenWhenAPartIsNotAString() {
        assertInvalid(encode(string("1"), string(SIGNATURE), Value.newBuilder().setNumberValue(3).build(),
                string("1")));
    }

    @Test
    void shouldRejectTokenWhenItHasTooFewParts() {
        assertInvalid(encode(string("1"), string(SIGNATURE)));
        assertInvalid(encode(string("1")));
    }

    private static void assertInvalid(String token) {
        assertThatThrownBy(() -> PageToken.decode(token, SIGNATURE))
                .as("token %s", token)
                .isInstanceOf(ControlPlaneException.InvalidArgument.class)
                .hasMessageContaining("request.token");
    }

    private static String encode(Value... parts) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(ListValue.newBuilder().addAllValues(List.of(parts)).build().toByteArray());
    }

    private static Value string(String s) {
        return Value.newBuilder().setStringValue(s).build();
    }
}
