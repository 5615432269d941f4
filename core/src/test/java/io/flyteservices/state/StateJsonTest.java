package io.flyteservices.state;

import flyteidl2.workflow.ErrorInfo;
import flyteidl2.workflow.Phase;
import io.flyteservices.error.ControlPlaneException;
import io.flyteservices.status.ReportedStatus;
import io.flyteservices.testkit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a state's JSON may look like, and what is read from it (BEHAVIOR StateService). */
class StateJsonTest {

    @ParameterizedTest
    @ValueSource(strings = {"{\"phase\":4}", "{\"phase\":4.0}", "{\"Phase\":4}", "{\"phase\":\"PHASE_RUNNING\"}",
            "{\"phase\":\"RUNNING\"}", "{\"phase\":\"running\"}", "{\"Phase\":\"Running\"}", "{\"phase\":\"4\"}",
            " {\n\"other\": [1, {\"phase\": 7}], \"phase\": \"PHASE_RUNNING\"}\n"})
    void shouldReadPhaseWhenGivenAsNumberOrName(String json) {
        assertThat(StateJson.parse(json).phase()).isEqualTo(Phase.PHASE_RUNNING);
    }

    @Test
    void shouldReadPhaseNamesWithSeparatorsWhenSpelledLoosely() {
        assertThat(StateJson.parse("{\"phase\":\"TimedOut\"}").phase()).isEqualTo(Phase.PHASE_TIMED_OUT);
        assertThat(StateJson.parse("{\"phase\":\"PHASE_TIMED_OUT\"}").phase()).isEqualTo(Phase.PHASE_TIMED_OUT);
        assertThat(StateJson.parse("{\"phase\":\"waiting-for-resources\"}").phase())
                .isEqualTo(Phase.PHASE_WAITING_FOR_RESOURCES);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"phase\":null}", "{\"phase\":0}", "{\"phase\":\"PHASE_UNSPECIFIED\"}",
            "{\"phase\":99}", "{\"phase\":-1}", "{\"phase\":4.5}", "{\"phase\":1e400}", "{\"phase\":\"SLEEPING\"}",
            "{\"phase\":\"UNRECOGNIZED\"}", "{\"phase\":true}", "{\"phase\":{\"value\":4}}", "{\"phase\":[4]}",
            "{\"nested\":{\"phase\":4}}", "{\"PHASE\":4}"})
    void shouldReadNoPhaseWhenAbsentOrUnusable(String json) {
        StateJson state = StateJson.parse(json);

        assertThat(state.phase()).isNull();
        assertThat(state.status(1)).isEmpty();
    }

    @Test
    void shouldPreferLowerCasePhaseWhenBothSpellingsGiven() {
        assertThat(StateJson.parse("{\"Phase\":\"FAILED\",\"phase\":\"RUNNING\"}").phase())
                .isEqualTo(Phase.PHASE_RUNNING);
    }

    @Test
    void shouldTakeLastValueWhenNameRepeats() {
        // As PostgreSQL's jsonb does: what is stored and what is applied agree.
        assertThat(StateJson.parse("{\"phase\":\"RUNNING\",\"phase\":\"SUCCEEDED\"}").phase())
                .isEqualTo(Phase.PHASE_SUCCEEDED);
        assertThat(StateJson.parse("{\"phase\":\"RUNNING\",\"phase\":null}").phase()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"outputUri", "output_uri", "OutputURI"})
    void shouldReadOutputUriWhenGivenUnderAnyAcceptedName(String name) {
        assertThat(StateJson.parse("{\"phase\":5,\"" + name + "\":\"s3://b/o\"}").outputUri()).isEqualTo("s3://b/o");
    }

    @Test
    void shouldReadNoOutputUriWhenEmptyOrNotAString() {
        assertThat(StateJson.parse("{\"outputUri\":\"\"}").outputUri()).isNull();
        assertThat(StateJson.parse("{\"outputUri\":42}").outputUri()).isNull();
        assertThat(StateJson.parse("{\"outputUri\":{\"uri\":\"s3://b/o\"}}").outputUri()).isNull();
    }

    @Test
    void shouldReadErrorWithKindWhenErrorObjectGiven() {
        assertThat(StateJson.parse("{\"error\":{\"message\":\"boom\",\"kind\":\"user\"}}").failure())
                .isEqualTo(new ReportedStatus.Failure(ErrorInfo.Kind.KIND_USER, "boom"));
        assertThat(StateJson.parse("{\"error\":{\"message\":\"oom\",\"kind\":\"SYSTEM\"}}").failure())
                .isEqualTo(new ReportedStatus.Failure(ErrorInfo.Kind.KIND_SYSTEM, "oom"));
        assertThat(StateJson.parse("{\"Error\":{\"Message\":\"oom\",\"Kind\":\"KIND_SYSTEM\"}}").failure())
                .isEqualTo(new ReportedStatus.Failure(ErrorInfo.Kind.KIND_SYSTEM, "oom"));
        assertThat(StateJson.parse("{\"error\":{\"message\":\"bad\",\"code\":\"USER:ValueError\"}}").failure())
                .isEqualTo(new ReportedStatus.Failure(ErrorInfo.Kind.KIND_USER, "bad"));
        assertThat(StateJson.parse("{\"error\":{\"message\":\"lost\",\"kind\":2}}").failure())
                .isEqualTo(new ReportedStatus.Failure(ErrorInfo.Kind.KIND_SYSTEM, "lost"));
    }

    @Test
    void shouldReadUnspecifiedKindWhenErrorHasNoKnownKind() {
        assertThat(StateJson.parse("{\"error\":{\"message\":\"?\",\"kind\":\"alien\"}}").failure())
                .isEqualTo(new ReportedStatus.Failure(ErrorInfo.Kind.KIND_UNSPECIFIED, "?"));
        assertThat(StateJson.parse("{\"error\":{\"kind\":\"user\"}}").failure())
                .isEqualTo(new ReportedStatus.Failure(ErrorInfo.Kind.KIND_USER, ""));
        assertThat(StateJson.parse("{\"error\":\"plain text\"}").failure())
                .isEqualTo(new ReportedStatus.Failure(ErrorInfo.Kind.KIND_UNSPECIFIED, "plain text"));
        assertThat(StateJson.parse("{\"error\":null}").failure()).isNull();
    }

    @Test
    void shouldCarryEverythingReadWhenStatusMadeForAnAttempt() {
        StateJson state = StateJson.parse("""
                {"phase": "PHASE_FAILED", "outputUri": "s3://b/o",
                 "error": {"message": "boom", "kind": "USER", "trace": ["a", {"b": 1}]}, "custom": {"x": [1, 2]}}
                """);

        assertThat(state.status(3)).contains(new ReportedStatus(3, Phase.PHASE_FAILED, "s3://b/o",
                new ReportedStatus.Failure(ErrorInfo.Kind.KIND_USER, "boom")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1,2]", "\"text\"", "42", "null", "true", "   "})
    void shouldRejectStateWhenNotAJsonObject(String json) {
        assertThatThrownBy(() -> StateJson.parse(json))
                .isInstanceOf(ControlPlaneException.InvalidArgument.class)
                .hasMessageStartingWith("state: must be a JSON object");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "{", "{\"a\":}", "{\"a\":1,}", "{'a':1}", "{a:1}", "{\"a\":01}",
            "{\"a\":NaN}", "{\"a\":1} // comment", "{\"a\":\"tab\there\"}", "{\"a\":1} x"})
    void shouldRejectStateWhenJsonIsMalformed(String json) {
        assertThatThrownBy(() -> StateJson.parse(json))
                .isInstanceOf(ControlPlaneException.InvalidArgument.class)
                .hasMessageStartingWith("state: not valid JSON");
    }

    @Test
    void shouldRejectStateWhenMoreThanOneValueGiven() {
        assertThatThrownBy(() -> StateJson.parse("{} {}"))
                .isInstanceOf(ControlPlaneException.InvalidArgument.class)
                .hasMessageContaining("one JSON object");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":\"\\u0000\"}", "{\"\\u0000\":1}", "{\"a\":[\"\\ud800\"]}", "{\"a\":\"\\udc00x\"}",
            "{\"a\":{\"b\":\"\\ud800\\u0041\"}}", "{\"phase\":\"\\u0000\"}"})
    void shouldRejectStateWhenStringCannotBeStored(String json) {
        assertThatThrownBy(() -> StateJson.parse(json))
                .isInstanceOf(ControlPlaneException.InvalidArgument.class)
                .hasMessageStartingWith("state: strings must not contain");
    }

    @Test
    void shouldAcceptSurrogatePairsWhenEscaped() {
        assertThat(StateJson.parse("{\"a\":\"\\ud83d\\ude00\",\"phase\":\"RUNNING\"}").phase())
                .isEqualTo(Phase.PHASE_RUNNING);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":1e131072}", "{\"a\":1e-16384}", "{\"a\":1.5e-16383}", "{\"a\":0e-99999}",
            "{\"a\":0.000e-16384}", "{\"a\":[1e9999999999]}", "{\"a\":{\"b\":-1E+131072}}",
            "{\"error\":{\"kind\":1e-20000}}"})
    void shouldRejectStateWhenNumberIsOutOfPostgresRange(String json) {
        assertThatThrownBy(() -> StateJson.parse(json))
                .isInstanceOf(ControlPlaneException.InvalidArgument.class)
                .hasMessageStartingWith("state: number out of range");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":1e131071}", "{\"a\":9.9e131071}", "{\"a\":1e-16383}", "{\"a\":0e999999}",
            "{\"a\":-0}", "{\"a\":12345678901234567890e131050}", "{\"a\":0.5}"})
    void shouldAcceptNumbersWhenPostgresCanStoreThem(String json) {
        assertThat(StateJson.parse(json).phase()).isNull();
    }

    @Test
    void shouldAcceptLongNumbersWhenWithinRange() {
        String digits = "9".repeat(5_000);

        assertThat(StateJson.parse("{\"a\":" + digits + "." + digits + "}").phase()).isNull();
    }

    @Test
    void shouldRejectStateWhenNestedTooDeep() {
        int depth = JsonbLimits.MAX_DEPTH + 1;
        String json = "{\"a\":" + "[".repeat(depth) + "]".repeat(depth) + "}";

        assertThatThrownBy(() -> StateJson.parse(json))
                .isInstanceOf(ControlPlaneException.InvalidArgument.class)
                .hasMessageStartingWith("state: not valid JSON");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":1e131071}", "{\"a\":1e131072}", "{\"a\":9.99e131071}", "{\"a\":0.001e131074}",
            "{\"a\":1e-16383}", "{\"a\":1e-16384}", "{\"a\":0.5e-16382}", "{\"a\":0.5e-16383}",
            "{\"a\":0e999999}", "{\"a\":0e-16383}", "{\"a\":0e-16384}", "{\"a\":1e1073741822}",
            "{\"a\":0e1073741823}", "{\"a\":-0.0}", "{\"a\":100e-16385}", "{\"a\":\"\\u0000\"}",
            "{\"a\":\"\\ud800\"}", "{\"a\":\"\\ud83d\\ude00\"}", "{\"a\":\"\\udc00\\ud800\"}",
            "{\"a\":\"\\u0001\"}"})
    void shouldAgreeWithPostgresWhenJudgingWhetherStateCanBeStored(String json) throws SQLException {
        boolean accepted;
        try {
            StateJson.parse(json);
            accepted = true;
        } catch (ControlPlaneException.InvalidArgument e) {
            accepted = false;
        }

        assertThat(accepted).as("accepted by StateJson").isEqualTo(postgresAccepts(json));
    }

    private static boolean postgresAccepts(String json) throws SQLException {
        try (Connection c = TestDatabase.get().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT ?::jsonb")) {
            ps.setString(1, json);
            ps.executeQuery().close();
            return true;
        } catch (SQLException e) {
            if (e.getSQLState().startsWith("22")) {
                return false;
            }
            throw e;
        }
    }
}
