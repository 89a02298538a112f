package dev.berth.registry.fuzz.property;

import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs a property (a check that throws when it does not hold) on generated inputs, try after try.
 * Every try draws its input from its own seed, taken in turn from the run's seed, at a size that
 * grows from 1 to {@value Gen#MAX_SIZE} over the first half of the tries. The first failure ends
 * the run: the try is retried at smaller sizes, then with the smaller inputs a property may offer
 * (an upload sequence without one of its steps), keeping the smallest input that still fails the
 * same way; the run then fails with the seed, the inputs and the failure.
 *
 * <p>{@code -Dberth.fuzz.tries=N} sets the tries (default {@value #DEFAULT_TRIES}), of which a
 * suite or a property may take a share; {@code -Dberth.fuzz.seed=S} replays the run of seed
 * {@code S}: the same inputs in the same order.
 */
public final class PropertyCheck {
    public static final int DEFAULT_TRIES = 2000;
    /** How many times shrinking may run the property again, so that a slow property does not shrink for long. */
    static final int MAX_SHRINK_RUNS = 64;

    private final int tries;
    private final long seed;

    public PropertyCheck(int tries, long seed) {
        if (tries < 1) {
            throw new IllegalArgumentException("tries " + tries);
        }
        this.tries = tries;
        this.seed = seed;
    }

    /**
     * {@code -Dberth.fuzz.tries} scaled by each share (in percent), at least one try; the seed of
     * {@code -Dberth.fuzz.seed}, or else a random one.
     */
    public static PropertyCheck configured(int... sharesInPercent) {
        long tries = Integer.getInteger("berth.fuzz.tries", DEFAULT_TRIES);
        for (int share : sharesInPercent) {
            tries = tries * share / 100;
        }
        String seed = System.getProperty("berth.fuzz.seed", "").trim();
        return new PropertyCheck((int) Math.max(1, tries), seed.isEmpty() ? new Random().nextLong() : Long.parseLong(seed));
    }

    public int tries() {
        return tries;
    }

    public long seed() {
        return seed;
    }

    public <T> void forAll(Gen<T> inputs, Consumer<? super T> property) {
        forAll(inputs, input -> List.of(), property);
    }

    /** As {@link #forAll(Gen, Consumer)}; a failing input also shrinks to the first of {@code smaller} that still fails, repeatedly. */
    public <T> void forAll(Gen<T> inputs, Function<? super T, ? extends List<? extends T>> smaller, Consumer<? super T> property) {
        Random seeds = new Random(seed);
        for (int attempt = 0; attempt < tries; attempt++) {
            long trySeed = seeds.nextLong();
            int size = sizeOf(attempt);
            T input = inputs.next(new Random(trySeed), size);
            Throwable failure = failure(property, input);
            if (failure != null) {
                Shrinker<T> smallest = new Shrinker<>(property, input, size, failure);
                smallest.bySize(inputs, trySeed);
                smallest.byCandidates(smaller);
                String described = Inputs.describe(input);
                String smallestDescribed = Inputs.describe(smallest.input);
                String report = "Property failed on try " + (attempt + 1) + " of " + tries + " (seed " + seed + "; replay with -Dberth.fuzz.seed="
                        + seed + ")\nInput (size " + size + "): " + described
                        + (smallestDescribed.equals(described) ? "" : "\nSmallest failing input found (size " + smallest.size + ", "
                                + smallest.runs + " runs to shrink): " + smallestDescribed)
                        + "\nFailure: " + smallest.failure;
                System.out.println(report);
                throw new AssertionError(report, smallest.failure);
            }
        }
        System.out.println(tries + " tries passed (seed " + seed + ")");
    }

    /** Sizes grow from 1 to the full size over the first half of the tries. */
    int sizeOf(int attempt) {
        int ramp = Math.max(1, tries / 2);
        return (int) Math.min(Gen.MAX_SIZE, 1 + (long) attempt * Gen.MAX_SIZE / ramp);
    }

    private static <T> Throwable failure(Consumer<? super T> property, T input) {
        try {
            property.accept(input);
            return null;
        } catch (AssertionError | RuntimeException e) {
            return e;
        }
    }

    /** The smallest failing input found so far, and how many runs finding it took. */
    private static final class Shrinker<T> {
        private final Consumer<? super T> property;
        private T input;
        private int size;
        private Throwable failure;
        private int runs;

        Shrinker(Consumer<? super T> property, T input, int size, Throwable failure) {
            this.property = property;
            this.input = input;
            this.size = size;
            this.failure = failure;
        }

        /** The same try at sizes 1, 2, 4, … below the failing one: the first that fails the same way. */
        void bySize(Gen<T> inputs, long trySeed) {
            for (int smaller = 1; smaller < size && runs < MAX_SHRINK_RUNS; smaller *= 2) {
                if (failsTheSameWay(inputs.next(new Random(trySeed), smaller), smaller)) {
                    return;
                }
            }
        }

        /** Greedily: the first smaller candidate that fails the same way, then the first of its own, until none does. */
        void byCandidates(Function<? super T, ? extends List<? extends T>> smaller) {
            boolean progress = true;
            while (progress) {
                progress = false;
                for (T candidate : smaller.apply(input)) {
                    if (runs >= MAX_SHRINK_RUNS) {
                        return;
                    }
                    if (failsTheSameWay(candidate, size)) {
                        progress = true;
                        break;
                    }
                }
            }
        }

        /** Runs the property on the candidate; keeps it when it fails with the same kind of error. */
        private boolean failsTheSameWay(T candidate, int candidateSize) {
            runs++;
            Throwable candidateFailure = failure(property, candidate);
            if (candidateFailure == null || candidateFailure.getClass() != failure.getClass()) {
                return false;
            }
            input = candidate;
            size = candidateSize;
            failure = candidateFailure;
            return true;
        }
    }
}
