package io.flyteservices.launcher;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatabaseUrlTest {

    @Test
    void shouldKeepJdbcUrlAsGiven() {
        DatabaseUrl url = DatabaseUrl.parse("jdbc:postgresql://db:5432/flyte?user=u&password=p");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/flyte?user=u&password=p");
        assertThat(url.user()).isNull();
    }

    @Test
    void shouldSplitCredentialsWhenLibpqStyleUrlIsGiven() {
        DatabaseUrl url = DatabaseUrl.parse("postgres://flyte:s%40cret@db.local:6543/flyte?sslmode=require");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.local:6543/flyte?sslmode=require");
        assertThat(url.user()).isEqualTo("flyte");
        assertThat(url.password()).isEqualTo("s@cret");
    }

    @Test
    void shouldRejectOtherSchemesWithoutEchoingCredentials() {
        assertThatThrownBy(() -> DatabaseUrl.parse("mysql://root:hunter2@db/x"))
                .hasMessageContaining("postgres://")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void shouldTakePasswordFromFileWhenPasswordFileIsNamed(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path secret = dir.resolve("password");
        java.nio.file.Files.writeString(secret, "from-file\n");
        DatabaseUrl url = DatabaseUrl.parse("postgres://flyte@db/flyte");

        assertThat(url.withPasswordFile(java.util.Map.of("FLYTE_DATABASE_PASSWORD_FILE", secret.toString()))
                .password()).isEqualTo("from-file");
        assertThat(url.withPasswordFile(java.util.Map.of())).isEqualTo(url);
    }
}
