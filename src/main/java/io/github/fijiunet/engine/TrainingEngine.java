package io.github.fijiunet.engine;

import io.github.fijiunet.Progress;
import io.github.fijiunet.model.ComputeDevice;
import io.github.fijiunet.model.ModelDescriptor;
import io.github.fijiunet.model.RuntimeOptions;
import io.github.fijiunet.train.Dataset;
import io.github.fijiunet.train.ReexportCheck;
import io.github.fijiunet.train.TrainingListener;
import io.github.fijiunet.train.TrainingOptions;
import io.github.fijiunet.train.TrainingReport;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * An {@link Engine} that also runs fiji-unet's own model folders window by window, and builds,
 * trains and exports fiji-unet's networks (TensorFlow).
 */
public interface TrainingEngine extends Engine {

    /**
     * Loads a fiji-unet model folder's weights (the folder and its descriptor are already checked)
     * and runs it once on a small input, so that missing weights and a wrong {@code tileMultiple}
     * fail here.
     *
     * @param signature the descriptor's signature to run (its float32 or bfloat16 graph)
     * @param device    where to run: the caller has already fallen back to the CPU without a GPU
     */
    ModelSession open(Path directory, ModelDescriptor descriptor, String signature, ComputeDevice device, RuntimeOptions options);

    /**
     * Trains a network and exports the best epoch as a model folder (SavedModel, descriptor, model
     * card) at {@link TrainingOptions#outputDir}, checkpointing as it goes.
     *
     * @param test optional held-out set evaluated once with the exported model (may be null)
     * @throws io.github.fijiunet.CancelledException when {@code progress} is cancelled (a checkpoint is saved first)
     */
    TrainingReport train(TrainingOptions options, Dataset training, Dataset validation, Dataset test,
                         TrainingListener listener, Progress progress);

    /**
     * Rewrites a fiji-unet U-Net/U-Net++ model folder with the current inference graph, keeping its
     * weights, and checks the new outputs against the old ones on {@code checkImages} and a random
     * input.
     *
     * @param head    a U-Net++ head (1..depth) to export alone instead of the average of all (its weights
     *                unchanged; the check is then made on the graph rebuilt as it was exported); empty: as it was
     * @param command the command line to record in the model card
     */
    ReexportCheck reexport(Path modelDir, List<Path> checkImages, double tolerance, java.util.OptionalInt head, String command) throws IOException;
}
