package io.github.fijiunet.train;

import io.github.fijiunet.model.Task;

import java.util.List;
import java.util.Random;

/** Training or validation samples of one task. */
public interface Dataset {

    Task task();

    /** Channels of the one-hot target: 1 (semantic foreground), 3 (instance classes) or the class count. */
    int targetChannels();

    /** Class or channel names written into the model descriptor. */
    List<String> classNames();

    int size();

    /** A random, augmented training batch; the same {@code random} state gives the same batch. */
    Batch randomBatch(Random random, int batchSize, int patchSize, Augmentation augmentation);

    /** Fixed (seeded, unaugmented) batches covering the set, for validation during training. */
    List<Batch> evaluationBatches(int batchSize, int patchSize, long seed);

    /** The samples at {@code indices}, for train/validation splits; {@code label} says which part (for {@link #describe()}). */
    Dataset subset(int[] indices, String label);

    /** One line describing the data (source, count) for logs and model cards. */
    String describe();

    /** The median diameter in pixels of the objects in the targets, for the descriptor's {@code objectDiameter}; 0 where there are none (classification). */
    default double objectDiameter() {
        return 0;
    }
}
