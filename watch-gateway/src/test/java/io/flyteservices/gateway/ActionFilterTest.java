package io.flyteservices.gateway;

import flyteidl2.common.Filter;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Streams with equal filters share one action tree per batch, so filter equality must follow what they select. */
class ActionFilterTest {

    private static Filter phaseIn(String... phases) {
        return Filter.newBuilder().setField("phase").setFunction(Filter.Function.VALUE_IN).addAllValues(List.of(phases))
                .build();
    }

    private static Filter nameContains(String part) {
        return Filter.newBuilder().setField("name").setFunction(Filter.Function.CONTAINS_CASE_INSENSITIVE)
                .addValues(part).build();
    }

    @Test
    void shouldBeEqualForTheSameFilters() {
        assertThat(ActionFilter.of(List.of())).isEqualTo(ActionFilter.of(List.of()))
                .hasSameHashCodeAs(ActionFilter.of(List.of()));
        assertThat(ActionFilter.of(List.of(phaseIn("RUNNING"), nameContains("train"))))
                .isEqualTo(ActionFilter.of(List.of(phaseIn("RUNNING"), nameContains("train"))));
    }

    @Test
    void shouldDifferWhenTheySelectDifferentActions() {
        assertThat(ActionFilter.of(List.of(phaseIn("RUNNING")))).isNotEqualTo(ActionFilter.of(List.of()))
                .isNotEqualTo(ActionFilter.of(List.of(phaseIn("QUEUED"))));
        assertThat(ActionFilter.of(List.of(nameContains("train"))))
                .isNotEqualTo(ActionFilter.of(List.of(nameContains("eval"))));
    }
}
