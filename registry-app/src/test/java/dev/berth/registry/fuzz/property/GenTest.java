package dev.berth.registry.fuzz.property;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class GenTest {
    private static final Gen<List<String>> WORDS = Gen.strings("abc", 0, 50).list(0, 40);

    @Test
    void theSameSeedAndSizeGiveTheSameValue() {
        assertThat(WORDS.next(new Random(42), 70)).isEqualTo(WORDS.next(new Random(42), 70));
        assertThat(WORDS.next(new Random(42), 70)).isNotEqualTo(WORDS.next(new Random(43), 70));
    }

    @Test
    void smallSizesGiveSmallValuesAndTheFullSizeReachesTheBounds() {
        Gen<Long> numbers = Gen.longs(-1000, 1_000_000);
        Random random = new Random(1);
        List<Long> small = IntStream.range(0, 2000).mapToObj(i -> numbers.next(random, 1)).toList();
        List<Long> full = IntStream.range(0, 2000).mapToObj(i -> numbers.next(random, Gen.MAX_SIZE)).toList();
        // Within a hundredth of the way from zero at size 1, edge cases included.
        assertThat(small).allMatch(n -> n >= -10 && n <= 10_000).contains(-10L, 10_000L);
        assertThat(full).contains(-1000L, 1_000_000L).anyMatch(n -> n > 10_000 && n < 999_999);
        assertThat(IntStream.range(0, 200).mapToObj(i -> WORDS.next(random, 1))).allMatch(words -> words.size() <= 1);
    }

    @Test
    void frequencyFollowsTheWeightsAndEdgeCasesComeAtTheirProbability() {
        Gen<String> letters = Gen.frequency(Gen.weighted(9, Gen.constant("a")), Gen.weighted(1, Gen.constant("b")));
        Random random = new Random(3);
        long bs = IntStream.range(0, 10_000).mapToObj(i -> letters.next(random, 50)).filter("b"::equals).count();
        assertThat(bs).isBetween(800L, 1200L);
        Gen<Integer> withEdges = Gen.<Integer>constant(5).withEdgeCases(List.of(7));
        long edges = IntStream.range(0, 10_000).mapToObj(i -> withEdges.next(random, 50)).filter(n -> n == 7).count();
        assertThat(edges).isBetween(400L, 600L);
    }

    @Test
    void aFilterNothingPassesFailsInsteadOfLooping() {
        assertThatThrownBy(() -> Gen.integers(0, 9).filter(n -> n > 9).next(new Random(0), 10))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("filter");
    }
}
