package io.flyteservices.auth;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuthConfigTest {

    @Test
    void shouldRefuseToEnableAuthenticationWithoutAKey() {
        assertThatThrownBy(() -> new AuthConfig(true, null, " ", "org", "projects"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("FLYTE_AUTH_JWKS_URL").hasMessageContaining("FLYTE_AUTH_SECRET");
    }

    @Test
    void shouldRefuseASecretTooShortForHs256() {
        assertThatThrownBy(() -> new AuthConfig(true, null, "short", "org", "projects"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 32 bytes");
    }

    @Test
    void shouldNeedNoKeyWhileOff() {
        assertThatCode(() -> new AuthConfig(false, null, null, "org", "projects")).doesNotThrowAnyException();
    }
}
