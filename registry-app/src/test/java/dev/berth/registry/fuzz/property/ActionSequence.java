package dev.berth.registry.fuzz.property;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Sequences of steps against a model (a world) that stands beside the system under test. Each step
 * is drawn from the world as the steps before it left it: an action whose precondition holds is
 * chosen, and it draws its step (which upload, how many bytes) from the world. After every step an
 * invariant is checked, and at the end a final check.
 *
 * <p>A sequence is a {@link Plan}: one seed per step. Replaying a plan on a new world replays the
 * sequence; a plan without one of its seeds is a shorter sequence, so a failing plan shrinks by
 * leaving steps out ({@link #shorter}), the later steps drawing again from what the world then holds.
 *
 * @param <W> the world: the model, and whatever the steps need to reach the system under test
 */
public final class ActionSequence<W> {

    /** A kind of step: when it may run, and which step it takes in a given world. */
    public interface Action<W> {
        default boolean precondition(W world) {
            return true;
        }

        Gen<Step<W>> step(W world);
    }

    /** One step: what it does to the system and the world, and how a report describes it. */
    public record Step<W>(String description, Consumer<W> run) {
        public static <W> Step<W> of(String description, Consumer<W> run) {
            return new Step<>(description, run);
        }
    }

    /** The seeds of a sequence's steps, and the size its steps are drawn at. */
    public record Plan(List<Long> stepSeeds, int size) {
        public Plan {
            stepSeeds = List.copyOf(stepSeeds);
        }
    }

    /** A failure and the steps that led to it. */
    public static final class Failed extends AssertionError {
        Failed(List<String> steps, Throwable cause) {
            super("after the steps:\n  " + String.join("\n  ", steps) + "\n" + cause.getMessage(), cause);
        }
    }

    private final Supplier<W> start;
    private final List<Action<W>> actions;
    private final int steps;
    private final Consumer<W> afterEachStep;
    private final Consumer<W> atEnd;

    /**
     * @param start a new world, for each sequence
     * @param actions the kinds of step, each as likely where its precondition holds
     * @param steps how many steps a sequence has before shrinking
     * @param afterEachStep the invariant, checked after every step
     * @param atEnd the check after the last step
     */
    public ActionSequence(Supplier<W> start, List<Action<W>> actions, int steps, Consumer<W> afterEachStep, Consumer<W> atEnd) {
        if (actions.isEmpty() || steps < 1) {
            throw new IllegalArgumentException("a sequence needs actions and at least one step");
        }
        this.start = start;
        this.actions = List.copyOf(actions);
        this.steps = steps;
        this.afterEachStep = afterEachStep;
        this.atEnd = atEnd;
    }

    public Gen<Plan> plans() {
        return (random, size) -> new Plan(random.longs(steps).boxed().toList(), size);
    }

    /** The plan without one of its steps, each in turn, the last first. */
    public static List<Plan> shorter(Plan plan) {
        List<Plan> shorter = new ArrayList<>();
        for (int left = plan.stepSeeds().size() - 1; left >= 0 && plan.stepSeeds().size() > 1; left--) {
            List<Long> seeds = new ArrayList<>(plan.stepSeeds());
            seeds.remove(left);
            shorter.add(new Plan(seeds, plan.size()));
        }
        return shorter;
    }

    /** Runs the plan's steps on a new world; throws {@link Failed} listing them when a step or a check fails. */
    public void run(Plan plan) {
        W world = start.get();
        List<String> done = new ArrayList<>();
        try {
            for (long stepSeed : plan.stepSeeds()) {
                List<Action<W>> possible = actions.stream().filter(action -> action.precondition(world)).toList();
                if (possible.isEmpty()) {
                    continue;
                }
                Random random = new Random(stepSeed);
                Step<W> step = possible.get(random.nextInt(possible.size())).step(world).next(random, plan.size());
                done.add(step.description());
                step.run().accept(world);
                afterEachStep.accept(world);
            }
            done.add("(the final check)");
            atEnd.accept(world);
        } catch (AssertionError | RuntimeException e) {
            throw new Failed(done, e);
        }
    }
}
