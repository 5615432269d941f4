package io.flyteservices.executor.backend.kubernetes;

import io.flyteservices.model.ActionKey;
import io.flyteservices.model.RunKey;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PodNamesTest {

    private static final ActionKey ACTION = new ActionKey(new RunKey("org", "proj", "dev", "run7"), "a1");

    @Test
    void shouldNameRunActionAttemptAndHashWhenNamesAreShort() {
        assertThat(PodNames.of(ACTION, 2)).matches("run7-a1-2-[0-9a-f]{10}");
    }

    @Test
    void shouldGiveTheSameNameWhenAskedTwice() {
        var again = new ActionKey(new RunKey("org", "proj", "dev", "run7"), "a1");

        assertThat(PodNames.of(again, 2)).isEqualTo(PodNames.of(ACTION, 2));
    }

    @Test
    void shouldGiveDifferentNamesWhenOnlyProjectOrAttemptDiffers() {
        var otherProject = new ActionKey(new RunKey("org", "other", "dev", "run7"), "a1");
        var otherOrg = new ActionKey(new RunKey("", "proj", "dev", "run7"), "a1");

        assertThat(PodNames.of(otherProject, 2)).startsWith("run7-a1-2-").isNotEqualTo(PodNames.of(ACTION, 2));
        assertThat(PodNames.of(otherOrg, 2)).isNotEqualTo(PodNames.of(ACTION, 2));
        assertThat(PodNames.of(ACTION, 3)).isNotEqualTo(PodNames.of(ACTION, 2));
    }

    @Test
    void shouldStayAValidDnsLabelKeepingAttemptAndBothNamesWhenNamesAreLong() {
        var action = new ActionKey(new RunKey("org", "proj", "dev", "r".repeat(80)), "n".repeat(70));

        var name = PodNames.of(action, 123456);

        assertThat(name).hasSizeLessThanOrEqualTo(63).matches("r+-n+-123456-[0-9a-f]{10}");
        assertThat(PodNames.isDnsLabel(name)).isTrue();
    }

    @Test
    void shouldGiveTheRunTheRoomTheActionLeavesWhenOnlyTheRunIsLong() {
        var action = new ActionKey(new RunKey("org", "proj", "dev", "r".repeat(80)), "a0");

        var name = PodNames.of(action, 1);

        assertThat(name).hasSize(63).startsWith("r".repeat(47) + "-a0-1-");
    }

    @Test
    void shouldLowerCaseAndReplaceOddCharactersWhenNamesAreNotDnsSafe() {
        var action = new ActionKey(new RunKey("org", "proj", "dev", "My_Run.2024"), "--Ünï çødé__");

        var name = PodNames.of(action, 1);

        assertThat(name).matches("my-run-2024-n-d-1-[0-9a-f]{10}");
        assertThat(PodNames.isDnsLabel(name)).isTrue();
    }

    @Test
    void shouldStillBeValidWhenNamesHaveNoUsableCharacters() {
        var action = new ActionKey(new RunKey("org", "proj", "dev", "___"), "***");

        var name = PodNames.of(action, 4);

        assertThat(name).matches("attempt-4-[0-9a-f]{10}");
        assertThat(PodNames.isDnsLabel(name)).isTrue();
    }

    @Test
    void shouldCutAndTrimLabelValuesWhenTheyAreLongOrOdd() {
        assertThat(PodNames.labelValue("run7")).isEqualTo("run7");
        assertThat(PodNames.labelValue("my run/1")).isEqualTo("my_run_1");
        assertThat(PodNames.labelValue("-_x.y_-")).isEqualTo("x.y");
        assertThat(PodNames.labelValue("___")).isEmpty();
        var cut = PodNames.labelValue("a".repeat(62) + "-b");
        assertThat(cut).isEqualTo("a".repeat(62));
        assertThat(PodNames.isLabelValue(PodNames.labelValue("ä".repeat(100)))).isTrue();
    }
}
