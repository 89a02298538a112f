package dev.berth.registry.fuzz.property;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A generator: draws a value from a seeded {@link Random} and a size. The same random state and
 * size always give the same value, which is what makes a failing try replayable.
 *
 * <p>The size, from 1 to {@value #MAX_SIZE}, bounds how large a value gets: the length of strings
 * and lists, and how far a number strays from the point of its range nearest zero. At
 * {@value #MAX_SIZE} the whole range is open. Early tries run small and later ones full size;
 * a failing try is retried at smaller sizes to find a smaller input ({@link PropertyCheck}).
 * Choices among values ({@link #of}, {@link #oneOf}, {@link #frequency}) do not depend on it.
 *
 * <p>Numbers, and so lengths, and characters come out as one of their edge cases (the bounds,
 * zero, one within a bound) with probability {@value #EDGE_CASE_PROBABILITY}, as bugs gather there.
 */
@FunctionalInterface
public interface Gen<T> {
    int MAX_SIZE = 100;
    double EDGE_CASE_PROBABILITY = 0.05;
    /** How many values a {@link #filter} may throw away in a row before the generator is deemed broken. */
    int MAX_FILTER_MISSES = 10_000;

    T next(Random random, int size);

    default <R> Gen<R> map(Function<? super T, ? extends R> mapper) {
        return (random, size) -> mapper.apply(next(random, size));
    }

    default <R> Gen<R> flatMap(Function<? super T, ? extends Gen<? extends R>> mapper) {
        return (random, size) -> mapper.apply(next(random, size)).next(random, size);
    }

    /** Only values that pass; drawing again until one does. */
    default Gen<T> filter(Predicate<? super T> accepted) {
        return (random, size) -> {
            for (int miss = 0; miss < MAX_FILTER_MISSES; miss++) {
                T value = next(random, size);
                if (accepted.test(value)) {
                    return value;
                }
            }
            throw new IllegalStateException(MAX_FILTER_MISSES + " values in a row did not pass the filter");
        };
    }

    /** One of {@code edgeCases} with probability {@value #EDGE_CASE_PROBABILITY}, else a value of this generator. */
    default Gen<T> withEdgeCases(List<? extends T> edgeCases) {
        List<T> edges = List.copyOf(edgeCases);
        return (random, size) -> !edges.isEmpty() && random.nextDouble() < EDGE_CASE_PROBABILITY
                ? edges.get(random.nextInt(edges.size())) : next(random, size);
    }

    /** Lists of {@code min} to {@code max} elements (fewer at small sizes). */
    default Gen<List<T>> list(int min, int max) {
        Gen<Integer> length = integers(min, max);
        return (random, size) -> {
            int count = length.next(random, size);
            List<T> values = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                values.add(next(random, size));
            }
            return values;
        };
    }

    /** Lists of distinct elements; shorter than drawn when this generator cannot find that many, never shorter than {@code min}. */
    default Gen<List<T>> uniqueList(int min, int max) {
        Gen<Integer> length = integers(min, max);
        return (random, size) -> {
            int count = length.next(random, size);
            Set<T> values = new LinkedHashSet<>();
            for (int draw = 0; values.size() < count && draw < 10 * count; draw++) {
                values.add(next(random, size));
            }
            if (values.size() < min) {
                throw new IllegalStateException("found " + values.size() + " distinct values, wanted at least " + min);
            }
            return List.copyOf(values);
        };
    }

    static <T> Gen<T> constant(T value) {
        return (random, size) -> value;
    }

    @SafeVarargs
    static <T> Gen<T> of(T... values) {
        return of(List.of(values));
    }

    /** Any of the values, each as likely. */
    static <T> Gen<T> of(List<? extends T> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("nothing to choose from");
        }
        List<T> choices = List.copyOf(values);
        return (random, size) -> choices.get(random.nextInt(choices.size()));
    }

    /** A value of any of the generators, each as likely. */
    @SafeVarargs
    static <T> Gen<T> oneOf(Gen<? extends T>... generators) {
        List<Gen<? extends T>> choices = List.of(generators);
        return (random, size) -> choices.get(random.nextInt(choices.size())).next(random, size);
    }

    /** A generator and how often it is chosen, relative to the others of a {@link #frequency}. */
    record Weighted<T>(int weight, Gen<? extends T> generator) {
        public Weighted {
            if (weight <= 0) {
                throw new IllegalArgumentException("weight " + weight);
            }
        }
    }

    static <T> Weighted<T> weighted(int weight, Gen<? extends T> generator) {
        return new Weighted<>(weight, generator);
    }

    /** A value of one of the generators, chosen in proportion to its weight. */
    @SafeVarargs
    static <T> Gen<T> frequency(Weighted<? extends T>... choices) {
        List<Weighted<? extends T>> all = List.of(choices);
        int total = all.stream().mapToInt(Weighted::weight).sum();
        return (random, size) -> {
            int pick = random.nextInt(total);
            for (Weighted<? extends T> choice : all) {
                pick -= choice.weight();
                if (pick < 0) {
                    return choice.generator().next(random, size);
                }
            }
            throw new IllegalStateException("unreachable");
        };
    }

    static <A, B, R> Gen<R> zip(Gen<A> first, Gen<B> second, BiFunction<? super A, ? super B, ? extends R> combiner) {
        return (random, size) -> combiner.apply(first.next(random, size), second.next(random, size));
    }

    static Gen<Boolean> booleans() {
        return (random, size) -> random.nextBoolean();
    }

    /** Integers from {@code min} to {@code max}, both included (see {@link #longs}). */
    static Gen<Integer> integers(int min, int max) {
        return longs(min, max).map(Long::intValue);
    }

    /**
     * Longs from {@code min} to {@code max}, both included: at size {@code s}, within
     * {@code s/}{@value #MAX_SIZE} of the way from the point nearest zero to either bound. The
     * edge cases are those of that narrower range, so that a smaller size shrinks them too.
     */
    static Gen<Long> longs(long min, long max) {
        if (min > max) {
            throw new IllegalArgumentException(min + " > " + max);
        }
        long origin = Math.max(min, Math.min(max, 0));
        return (random, size) -> {
            double share = Math.clamp(size, 1, MAX_SIZE) / (double) MAX_SIZE;
            long low = share == 1 ? min : Math.max(min, origin - (long) Math.ceil(share * ((double) origin - min)));
            long high = share == 1 ? max : Math.min(max, origin + (long) Math.ceil(share * ((double) max - origin)));
            if (random.nextDouble() < EDGE_CASE_PROBABILITY) {
                long[] edges = low == high ? new long[] {low} : new long[] {low, high, origin, low + 1, high - 1};
                return edges[random.nextInt(edges.length)];
            }
            return between(random, low, high);
        };
    }

    private static long between(Random random, long low, long high) {
        if (high < Long.MAX_VALUE) {
            return random.nextLong(low, high + 1);
        }
        return low == Long.MIN_VALUE ? random.nextLong() : random.nextLong(low - 1, high) + 1;
    }

    /** Strings of {@code min} to {@code max} characters drawn from {@code alphabet}. */
    static Gen<String> strings(String alphabet, int min, int max) {
        return strings(of(alphabet.codePoints().boxed().toList()), min, max);
    }

    /** Strings of {@code min} to {@code max} code points, each drawn from {@code codePoints}. */
    static Gen<String> strings(Gen<Integer> codePoints, int min, int max) {
        Gen<Integer> length = integers(min, max);
        return (random, size) -> {
            int count = length.next(random, size);
            StringBuilder text = new StringBuilder(count);
            for (int i = 0; i < count; i++) {
                text.appendCodePoint(codePoints.next(random, size));
            }
            return text.toString();
        };
    }

    /**
     * Any Unicode code point but a lone surrogate: mostly printable ASCII, then control
     * characters, the rest of the Basic Multilingual Plane, and characters beyond it (emoji,
     * rare scripts), which Java holds as surrogate pairs.
     */
    static Gen<Integer> unicode() {
        return frequency(
                weighted(4, codePoints(0x20, 0x7e)),
                weighted(1, codePoints(0x00, 0x1f)),
                weighted(3, codePoints(0x80, 0xffff).filter(c -> !Character.isSurrogate((char) c.intValue()))),
                weighted(1, codePoints(0x10000, Character.MAX_CODE_POINT)));
    }

    /** Code points from {@code first} to {@code last}, each as likely whatever the size: characters do not get smaller. */
    static Gen<Integer> codePoints(int first, int last) {
        Gen<Integer> any = (random, size) -> random.nextInt(first, last + 1);
        return any.withEdgeCases(List.of(first, last));
    }

    /** Byte arrays of {@code min} to {@code max} random bytes. */
    static Gen<byte[]> bytes(int min, int max) {
        Gen<Integer> length = integers(min, max);
        return (random, size) -> {
            byte[] bytes = new byte[length.next(random, size)];
            random.nextBytes(bytes);
            return bytes;
        };
    }
}
