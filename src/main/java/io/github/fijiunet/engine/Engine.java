package io.github.fijiunet.engine;

import io.github.fijiunet.model.ComputeDevice;
import io.github.fijiunet.model.ModelDescriptor;
import io.github.fijiunet.model.RuntimeOptions;

import java.nio.file.Path;

/**
 * A deep-learning runtime (TensorFlow today, ONNX Runtime next) as the rest of fiji-unet sees it.
 * Implementations live in their own class loader ({@link Engines}) with their own libraries, so
 * they never meet another plugin's copy of them; only JDK types and fiji-unet's own (descriptor,
 * planes, options, exceptions) cross this interface. Failures are fiji-unet's typed exceptions
 * with messages fit for users, never the runtime's own exceptions.
 */
public interface Engine {

    /** What runs the models, with its version, for logs and model cards. */
    String name();

    /** Whether a model opened with {@link ComputeDevice#GPU} can run on a GPU here. */
    boolean gpuAvailable();

    /**
     * Loads the model folder's weights (the folder and its descriptor are already checked) and runs
     * it once on a small input, so that missing weights and a wrong {@code tileMultiple} fail here.
     *
     * @param signature the descriptor's signature to run (its float32 or bfloat16 graph)
     * @param device    where to run: the caller has already fallen back to the CPU without a GPU
     */
    ModelSession open(Path directory, ModelDescriptor descriptor, String signature, ComputeDevice device, RuntimeOptions options);
}
