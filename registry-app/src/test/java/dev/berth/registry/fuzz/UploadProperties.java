package dev.berth.registry.fuzz;

import dev.berth.registry.fuzz.property.ActionSequence;
import dev.berth.registry.fuzz.property.PropertyCheck;
import org.junit.jupiter.api.Test;

/**
 * Upload sequences in random order against the model of {@link UploadWorld}: after every step,
 * what the step touched is visible exactly where the model says, with bytes that hash to their
 * digest; at the end, everything the sequence named is checked again. A sequence of
 * {@value #STEPS} steps costs about a hundred requests, so it gets a tenth of the tries: 200
 * sequences (some 2400 steps) in the CI-sized run. A failing sequence shrinks by leaving steps out.
 */
interface UploadProperties extends FuzzTarget {
    int STEPS = 12;
    int SEQUENCES_PERCENT = 10;

    @Test
    default void uploadsInAnyOrderNeverShowAnUnverifiedBlob() {
        ActionSequence<UploadWorld> sequences = new ActionSequence<>(() -> new UploadWorld(this), UploadActions.all(), STEPS,
                UploadWorld::checkTouched, UploadWorld::checkEverything);
        PropertyCheck.configured(triesPercent(), SEQUENCES_PERCENT).forAll(sequences.plans(), ActionSequence::shorter, sequences::run);
    }
}
