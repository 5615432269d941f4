package io.flyteservices.cli;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServerTest {

    @Test
    void shouldReadHostAndPortWhenParsing() {
        assertThat(Server.parse("flyte.example.com:19090")).isEqualTo(new Server("flyte.example.com", 19090));
        assertThat(Server.parse("localhost")).isEqualTo(new Server("localhost", 9090));
        assertThat(Server.parse("[::1]:9091")).isEqualTo(new Server("::1", 9091));
        assertThat(Server.parse("[::1]").toString()).isEqualTo("[::1]:9090");
    }

    @Test
    void shouldPreferOptionThenEnvironmentThenDefaultWhenResolving() {
        Map<String, String> env = Map.of("FLYTE_SERVER", "envhost:1234");

        assertThat(Server.resolve("opt:1", env)).isEqualTo(new Server("opt", 1));
        assertThat(Server.resolve(null, env)).isEqualTo(new Server("envhost", 1234));
        assertThat(Server.resolve(null, Map.of())).isEqualTo(new Server("localhost", 9090));
    }

    @Test
    void shouldRejectSchemesBadPortsAndBareIpv6WhenParsing() {
        assertThatThrownBy(() -> Server.parse("http://localhost:9090")).hasMessageContaining("HOST:PORT");
        assertThatThrownBy(() -> Server.parse("localhost:99999")).hasMessageContaining("'99999' is not a port");
        assertThatThrownBy(() -> Server.parse("localhost:x")).hasMessageContaining("not a port");
        assertThatThrownBy(() -> Server.parse("::1")).hasMessageContaining("[ADDRESS]:PORT");
        assertThatThrownBy(() -> Server.parse(" ")).hasMessageContaining("empty");
    }
}
