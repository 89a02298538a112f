package dev.berth.registry.fuzz.property;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.registry.fuzz.property.ActionSequence.Action;
import dev.berth.registry.fuzz.property.ActionSequence.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PropertyCheckTest {
    private static final Gen<List<Integer>> LISTS = Gen.integers(0, 1000).list(0, 50);

    @Test
    void aPassingPropertyRunsEveryTry() {
        AtomicInteger runs = new AtomicInteger();
        new PropertyCheck(300, 1).forAll(LISTS, list -> runs.incrementAndGet());
        assertThat(runs).hasValue(300);
    }

    @Test
    void aFailureReportsTheSeedAndTheInputAndItsSeedReplaysIt() {
        List<List<Integer>> failing = new ArrayList<>();
        for (int replay = 0; replay < 2; replay++) {
            assertThatThrownBy(() -> new PropertyCheck(2000, 77).forAll(LISTS, list -> {
                if (list.contains(999)) {
                    failing.add(list);
                    throw new AssertionError("999 in the list");
                }
            })).isInstanceOf(AssertionError.class).hasMessageContaining("seed 77").hasMessageContaining("-Dberth.fuzz.seed=77")
                    .hasMessageContaining("999").hasMessageContaining("Failure: java.lang.AssertionError: 999 in the list");
        }
        // The replay met the same first failing input.
        assertThat(failing.get(failing.size() / 2)).isEqualTo(failing.getFirst());
    }

    @Test
    void aFailureShrinksToASmallerSize() {
        // Fails when the trigger (the same at any size) is drawn and the list has three elements or more.
        record Case(boolean trigger, List<Integer> list) {
        }
        Gen<Case> cases = (random, size) -> new Case(random.nextInt(8) == 0, LISTS.next(random, size));
        List<Case> failed = new ArrayList<>();
        assertThatThrownBy(() -> new PropertyCheck(100, 5).forAll(cases, c -> {
            if (c.trigger() && c.list().size() >= 3) {
                failed.add(c);
                throw new AssertionError("a trigger and " + c.list().size() + " elements");
            }
        })).hasMessageContaining("Smallest failing input found");
        assertThat(failed.getLast().list()).hasSizeGreaterThanOrEqualTo(3).hasSizeLessThan(failed.getFirst().list().size());
    }

    @Test
    void aFailingSequenceShrinksToTheStepsThatMatter() {
        // Fails once two "boom" steps have run; "noise" steps change nothing.
        Action<List<String>> boom = world -> Gen.constant(Step.of("boom", w -> w.add("boom")));
        Action<List<String>> noise = world -> Gen.integers(0, 9).map(n -> Step.of("noise " + n, w -> {
        }));
        ActionSequence<List<String>> sequences = new ActionSequence<>(ArrayList::new, List.of(boom, noise, noise, noise), 12,
                world -> assertThat(world.stream().filter("boom"::equals).count()).isLessThan(2), world -> {
                });
        assertThatThrownBy(() -> new PropertyCheck(200, 9).forAll(sequences.plans(), ActionSequence::shorter, sequences::run))
                .satisfies(failure -> {
                    String smallest = failure.getMessage().substring(failure.getMessage().indexOf("Failure:"));
                    assertThat(smallest).contains("after the steps:\n  boom\n  boom\n").doesNotContain("noise");
                });
    }
}
