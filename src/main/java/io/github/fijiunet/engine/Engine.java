package io.github.fijiunet.engine;

import io.github.fijiunet.model.ComputeDevice;
import io.github.fijiunet.model.RuntimeOptions;

import java.nio.file.Path;

/**
 * A deep-learning runtime (TensorFlow, ONNX Runtime) as the rest of fiji-unet sees it.
 * Implementations live in their own class loader ({@link Engines}) with their own libraries, so
 * they never meet another plugin's copy of them; only JDK types and fiji-unet's own (descriptor,
 * tensors, planes, options, exceptions) cross this interface. Failures are fiji-unet's typed
 * exceptions with messages fit for users, never the runtime's own exceptions.
 */
public interface Engine {

    /** What runs the models, with its version, for logs and model cards. */
    String name();

    /** Whether a model opened with {@link ComputeDevice#GPU} can run on a GPU here. */
    boolean gpuAvailable();

    /**
     * Opens a model file or folder in this engine's own format (an {@code .onnx} file, a SavedModel
     * folder) for whole-tensor calls in the model's own axis order.
     *
     * @param device where to run: the caller has already fallen back to the CPU without a GPU
     */
    TensorModel openTensorModel(Path weights, ComputeDevice device, RuntimeOptions options);
}
