package dev.berth.registry.fuzz;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.ActionChainArbitrary;

/**
 * Upload sequences in random order against the model of {@link UploadWorld}: after every step,
 * what the step touched is visible exactly where the model says, with bytes that hash to their
 * digest; at the end, everything the sequence named is checked again. A sequence of up to
 * {@value #STEPS} steps costs about a hundred requests, so it gets a tenth of the tries: 200
 * sequences (some 2400 steps) in the CI-sized run.
 */
interface UploadProperties extends FuzzTarget {
    int STEPS = 12;

    @Provide
    default Arbitrary<ActionChain<UploadWorld>> uploadSequences() {
        ActionChainArbitrary<UploadWorld> chains = ActionChain.startWith(() -> new UploadWorld(this));
        for (var action : UploadActions.all()) {
            chains = chains.withAction(action);
        }
        return chains.withMaxTransformations(STEPS);
    }

    @Property
    @TriesPercent(10)
    default void uploadsInAnyOrderNeverShowAnUnverifiedBlob(@ForAll("uploadSequences") ActionChain<UploadWorld> sequence) {
        UploadWorld end = sequence.withInvariant("only verified blobs visible", UploadWorld::checkTouched).run();
        end.checkEverything();
    }
}
