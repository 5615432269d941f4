package io.flyteservices.launcher;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LaunchOptionsTest {

    @Test
    void shouldReadModeAndOptionsWhenGivenAsSeparateOrJoinedValues() {
        LaunchOptions o = LaunchOptions.parse(new String[]{"all", "--http-port", "8091", "--grpc-port=9091",
                "--data-dir", "/tmp/x", "--database-url=postgres://u:p@h:5432/db", "--database-port", "5499"}, Map.of());

        assertThat(o.mode()).isEqualTo(Mode.ALL);
        assertThat(o.httpPort()).isEqualTo(8091);
        assertThat(o.grpcPort()).isEqualTo(9091);
        assertThat(o.dataDir()).isEqualTo(Path.of("/tmp/x"));
        assertThat(o.databaseUrl()).isEqualTo("postgres://u:p@h:5432/db");
        assertThat(o.databasePort()).isEqualTo(5499);
    }

    @Test
    void shouldFallBackToEnvironmentWhenOptionsAreAbsent() {
        LaunchOptions o = LaunchOptions.parse(new String[]{"functions"},
                Map.of("FLYTE_DATABASE_URL", "jdbc:postgresql://db/x", "FLYTE_HTTP_PORT", "1234", "FLYTE_HOME", "/srv",
                        "FLYTE_DATABASE_PORT", "5498"));

        assertThat(o.mode()).isEqualTo(Mode.FUNCTIONS);
        assertThat(o.databaseUrl()).isEqualTo("jdbc:postgresql://db/x");
        assertThat(o.httpPort()).isEqualTo(1234);
        assertThat(o.grpcPort()).isNull();
        assertThat(o.dataDir()).isEqualTo(Path.of("/srv"));
        assertThat(o.databasePort()).isEqualTo(5498);
        assertThat(LaunchOptions.parse(new String[]{"all", "--database-port", "0"}, Map.of()).databasePort())
                .as("0: a free port, as when absent").isNull();
    }

    @Test
    void shouldRejectUnknownModesOptionsAndPorts() {
        assertThatThrownBy(() -> LaunchOptions.parse(new String[]{}, Map.of())).hasMessageContaining("mode");
        assertThatThrownBy(() -> LaunchOptions.parse(new String[]{"serve"}, Map.of()))
                .hasMessageContaining("functions|gateway|executor|migrate|all");
        assertThatThrownBy(() -> LaunchOptions.parse(new String[]{"all", "--verbose", "x"}, Map.of()))
                .hasMessageContaining("--verbose");
        assertThatThrownBy(() -> LaunchOptions.parse(new String[]{"all", "--http-port", "70000"}, Map.of()))
                .hasMessageContaining("--http-port");
        assertThatThrownBy(() -> LaunchOptions.parse(new String[]{"database", "--database-port", "x"}, Map.of()))
                .hasMessageContaining("--database-port");
        assertThatThrownBy(() -> LaunchOptions.parse(new String[]{"all", "--grpc-port"}, Map.of()))
                .hasMessageContaining("needs a value");
    }

    @Test
    void shouldTrainOnFreePortsWhenAskedToTrain() {
        LaunchOptions o = LaunchOptions.parse(new String[]{"functions", "--http-port", "8090", "--train",
                "--grpc-port", "9090"}, Map.of("FLYTE_DATABASE_URL", "jdbc:postgresql://db/x"));

        assertThat(o.train()).isTrue();
        assertThat(o.httpPort()).isZero();
        assertThat(o.grpcPort()).isZero();
        assertThat(LaunchOptions.parse(new String[]{"functions"}, Map.of()).train()).isFalse();
    }

    @Test
    void shouldRejectTrainingWhenTheModeServesNothing() {
        assertThatThrownBy(() -> LaunchOptions.parse(new String[]{"migrate", "--train"}, Map.of()))
                .hasMessageContaining("--train");
    }
}
