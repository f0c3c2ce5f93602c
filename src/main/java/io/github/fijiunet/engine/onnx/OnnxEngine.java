package io.github.fijiunet.engine.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtProvider;
import io.github.fijiunet.engine.Engine;
import io.github.fijiunet.engine.TensorModel;
import io.github.fijiunet.model.ComputeDevice;
import io.github.fijiunet.model.RuntimeOptions;

import java.nio.file.Path;

/**
 * ONNX Runtime Java behind fiji-unet's {@link Engine}: the one class of this package that
 * {@link io.github.fijiunet.engine.Engines} names, created inside the engine's class loader.
 */
public final class OnnxEngine implements Engine {

    private final OrtEnvironment environment;
    private final String name;

    /** Loads ONNX Runtime's native library now, so that a broken engine folder fails while it is being opened. */
    public OnnxEngine() {
        // Warnings and errors only: its informational lines would reach the user's console.
        environment = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "fiji-unet");
        name = "ONNX Runtime " + environment.getVersion() + " (ONNX Runtime Java)";
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean gpuAvailable() {
        return OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA);
    }

    @Override
    public TensorModel openTensorModel(Path weights, ComputeDevice device, RuntimeOptions options) {
        return OnnxTensorModel.open(environment, weights, device, options);
    }
}
