package io.flyteservices.feed;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ListenAddressTest {

    @Test
    void shouldTakeCredentialsFromTheUrlWhenNoPropertiesAreSet() {
        ListenAddress a = ListenAddress.of("jdbc:postgresql://db.local:5433/flyte?user=app&password=p%40ss&ssl=false",
                null, null);

        assertThat(a.url()).isEqualTo("jdbc:pgsql://db.local:5433/flyte");
        assertThat(a.user()).isEqualTo("app");
        assertThat(a.password()).isEqualTo("p@ss");
    }

    @Test
    void shouldPreferTheDatasourcePropertiesWhenBothAreSet() {
        ListenAddress a = ListenAddress.of("jdbc:postgresql://h/db?user=url&password=url", "prop", "secret");

        assertThat(a.url()).isEqualTo("jdbc:pgsql://h/db");
        assertThat(a.user()).isEqualTo("prop");
        assertThat(a.password()).isEqualTo("secret");
    }

    @Test
    void shouldUseTheLocalServerWhenTheUrlNamesOnlyADatabase() {
        assertThat(ListenAddress.of("jdbc:postgresql:flyte", null, null).url())
                .isEqualTo("jdbc:pgsql://localhost:5432/flyte");
    }

    @Test
    void shouldSetUserPasswordAndApplicationNameWhenBuildingProperties() {
        var p = ListenAddress.of("jdbc:postgresql://h:1/db", "u", "pw").properties("app");

        assertThat(p).containsEntry("user", "u").containsEntry("password", "pw")
                .containsEntry("application.name", "app");
    }

    @Test
    void shouldKeepThePasswordOutWhenPrinted() {
        assertThat(ListenAddress.of("jdbc:postgresql://h/db?password=hunter2", null, null).toString())
                .doesNotContain("hunter2");
    }

    @Test
    void shouldRefuseWithoutThePasswordWhenTheUrlIsNotPostgres() {
        assertThatThrownBy(() -> ListenAddress.of("jdbc:mysql://h/db?password=hunter2", null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("datasources.default.url").hasMessageNotContaining("hunter2");
    }
}
