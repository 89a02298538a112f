/**
 * A small property-based testing runner for the fuzzing suites: generators ({@link
 * dev.berth.registry.fuzz.property.Gen}, functions of a seeded {@link java.util.Random} and a
 * size), a runner that tries a property on many inputs, reports the seed and the failing input,
 * replays a seed and shrinks a failure where that is cheap ({@link
 * dev.berth.registry.fuzz.property.PropertyCheck}), and sequences of actions against a model
 * ({@link dev.berth.registry.fuzz.property.ActionSequence}). Properties are plain JUnit Jupiter
 * tests that call the runner.
 *
 * <p>It is our own: jqwik, which these suites were first written with, is left out at the
 * request its maintainer makes in the jqwik user guide, and the other property-testing libraries
 * for Java that we know of are no longer maintained.
 */
package dev.berth.registry.fuzz.property;
