package io.github.fijiunet.engine.tf;

import io.github.fijiunet.Progress;
import io.github.fijiunet.engine.ModelSession;
import io.github.fijiunet.engine.TensorModel;
import io.github.fijiunet.engine.TrainingEngine;
import io.github.fijiunet.engine.tf.train.ModelReexporter;
import io.github.fijiunet.engine.tf.train.Trainer;
import io.github.fijiunet.model.ComputeDevice;
import io.github.fijiunet.model.ModelDescriptor;
import io.github.fijiunet.model.RuntimeOptions;
import io.github.fijiunet.train.Dataset;
import io.github.fijiunet.train.ReexportCheck;
import io.github.fijiunet.train.TrainingListener;
import io.github.fijiunet.train.TrainingOptions;
import io.github.fijiunet.train.TrainingReport;
import org.tensorflow.TensorFlow;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * TensorFlow Java behind fiji-unet's {@link TrainingEngine}: the one class of this package that
 * {@link io.github.fijiunet.engine.Engines} names, created inside the engine's class loader.
 */
public final class TensorFlowEngine implements TrainingEngine {

    private final String name;

    /** Loads TensorFlow's native library now, so that a broken engine folder fails while it is being opened. */
    public TensorFlowEngine() {
        name = "TensorFlow " + TensorFlow.version() + " (TensorFlow Java)";
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean gpuAvailable() {
        return GpuSupport.isAvailable();
    }

    @Override
    public ModelSession open(Path directory, ModelDescriptor descriptor, String signature, ComputeDevice device, RuntimeOptions options) {
        return TensorFlowSession.open(directory, descriptor, signature, device, options);
    }

    @Override
    public TensorModel openTensorModel(Path weights, ComputeDevice device, RuntimeOptions options) {
        return TensorFlowTensorModel.open(weights, device, options);
    }

    @Override
    public TrainingReport train(TrainingOptions options, Dataset training, Dataset validation, Dataset test,
                                TrainingListener listener, Progress progress) {
        return new Trainer(options).train(training, validation, test, listener, progress);
    }

    @Override
    public ReexportCheck reexport(Path modelDir, List<Path> checkImages, double tolerance, java.util.OptionalInt head, String command)
            throws IOException {
        return ModelReexporter.reexport(modelDir, checkImages, tolerance, head, command);
    }
}
