package dev.berth.registry.fuzz;

import net.jqwik.api.Example;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Gives every fuzzing property {@code -Dberth.fuzz.tries} tries (2000 unless set; a long run sets
 * more), scaled by {@link TriesPercent} where a property or its class has one, and tells
 * {@link Findings} which property is running.
 */
public final class FuzzBudget implements AroundPropertyHook {
    static final int TRIES = Integer.getInteger("berth.fuzz.tries", 2000);

    /** Added on a test class, the hook applies to each of its properties. */
    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        if (!context.targetMethod().isAnnotationPresent(Example.class)) {
            long tries = TRIES;
            for (TriesPercent share : new TriesPercent[] {context.targetMethod().getAnnotation(TriesPercent.class),
                    context.containerClass().getAnnotation(TriesPercent.class)}) {
                tries = share == null ? tries : tries * share.value() / 100;
            }
            context.attributes().setTries((int) Math.max(1, tries));
        }
        Findings.running(context.containerClass().getSimpleName() + "." + context.targetMethod().getName());
        return property.execute();
    }
}
