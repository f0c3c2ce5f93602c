package io.github.fijiunet.model;

import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.bioimageio.BioImageIoPackage;
import io.github.fijiunet.bioimageio.PackageSession;
import io.github.fijiunet.engine.TrainingEngine;
import io.github.fijiunet.engine.Engines;
import io.github.fijiunet.engine.ModelSession;
import io.github.fijiunet.engine.ModelWindow;
import io.github.fijiunet.engine.WindowBatcher;
import io.github.fijiunet.engine.WindowOutput;
import io.github.fijiunet.tensor.ChannelScaling;
import io.github.fijiunet.tensor.PlaneSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * A model folder loaded into its engine ({@link Engines}): its descriptor, the device and
 * arithmetic it runs with, and the engine's session. Thread-safe: several threads may run it at
 * once. Close it to free the engine's native memory.
 */
public final class LoadedModel implements AutoCloseable {

    /**
     * Memory per window pixel assumed for models whose descriptor does not say: enough for a
     * 16-filter U-Net++ (measured 729 bytes per pixel) or a 32-filter U-Net.
     */
    public static final long UNKNOWN_BYTES_PER_PIXEL = 1024;

    /** The activation memory one model run may take by default: a tile's window, or a batch of small windows. */
    public static final long WINDOW_MEMORY_BUDGET = 2L << 30;

    private final ModelDescriptor descriptor;
    private final ModelSession session;
    /** Runs windows that several threads ask for at once as one batch ({@link #batchingWindows}); null: each window on its own. */
    private final WindowBatcher batcher;
    /** False for a {@link #batchingWindows} view, which leaves the session to the model it came from. */
    private final boolean ownsSession;
    private final ComputeDevice device;
    private final Precision precision;
    private final List<String> warnings;

    private LoadedModel(ModelDescriptor descriptor, ModelSession session, ComputeDevice device, Precision precision,
                        List<String> warnings) {
        this(descriptor, session, device, precision, warnings, null, true);
    }

    private LoadedModel(ModelDescriptor descriptor, ModelSession session, ComputeDevice device, Precision precision,
                        List<String> warnings, WindowBatcher batcher, boolean ownsSession) {
        this.descriptor = descriptor;
        this.session = session;
        this.device = device;
        this.precision = precision;
        this.warnings = List.copyOf(warnings);
        this.batcher = batcher;
        this.ownsSession = ownsSession;
    }

    /**
     * Loads and validates a model folder; every problem is a {@link ModelLoadException} saying what to
     * fix. A one-tile dry run ({@link #dryRun}) finds missing weights and a wrong {@code tileMultiple}
     * here rather than at the first prediction.
     */
    public static LoadedModel load(Path directory, RuntimeOptions options) {
        // A bioimage.io package (folder with bioimageio.yaml / rdf.yaml, or its zip) runs through its own description.
        if (BioImageIoPackage.runsAsPackage(directory)) {
            return PackageSession.load(directory, options);
        }
        if (directory == null || !Files.isDirectory(directory)) {
            throw new ModelLoadException("The model folder " + directory + " does not exist. Pick a folder from models/ or one written by the trainer.");
        }
        if (!Files.isRegularFile(directory.resolve("saved_model.pb"))) {
            throw new ModelLoadException("The model folder " + directory + " has no saved_model.pb: it is not a TensorFlow SavedModel. "
                    + "Pick the folder that holds saved_model.pb, variables/ and " + ModelDescriptor.FILE_NAME + ".");
        }
        if (!Files.isDirectory(directory.resolve("variables"))) {
            throw new ModelLoadException("The model folder " + directory + " has no variables/ folder (the trained weights). "
                    + "Copy the whole model folder, not only saved_model.pb.");
        }
        ModelDescriptor descriptor = ModelDescriptor.read(directory);

        TrainingEngine engine = Engines.tensorFlow();
        List<String> warnings = new ArrayList<>();
        ComputeDevice device = options.device();
        if (device == ComputeDevice.GPU && !engine.gpuAvailable()) {
            warnings.add("GPU requested but TensorFlow found no usable GPU (it needs the CUDA build, installed with -Pgpu, "
                    + "an NVIDIA driver and a GPU); running on the CPU instead.");
            device = ComputeDevice.CPU;
        }
        Precision precision = precisionFor(options.precision(), device, descriptor, warnings);
        String signature = precision == Precision.BFLOAT16 ? descriptor.bfloat16Signature() : descriptor.signature();
        ModelSession session = engine.open(directory, descriptor, signature, device, options);
        return new LoadedModel(descriptor, session, device, precision, warnings);
    }

    /**
     * This model, running the windows of one size that several threads ask for at the same time as
     * one batch where the engine can ({@link WindowBatcher}): for a folder of small fields on a GPU,
     * whose windows alone leave most of it idle. (On a CPU, windows side by side in one TensorFlow
     * session ran faster than batched ones, BENCHMARKS.md section 11, so the batch view is for GPUs.) A window's
     * output then comes from the engine's batch kernels, which round differently from its
     * one-window kernels (nuclei-unet on a CPU: within 1e-6) and so depends on whether it shared a
     * batch; hence the view is asked for explicitly. Closing the view leaves this model open.
     */
    public LoadedModel batchingWindows() {
        WindowBatcher windows = session.batchesWindows() ? new WindowBatcher(session, WINDOW_MEMORY_BUDGET / windowBytesPerPixel()) : null;
        return new LoadedModel(descriptor, session, device, precision, warnings, windows, false);
    }

    /**
     * Whether the engine runs windows that several threads ask for at once together: side by side
     * (TensorFlow's sessions run concurrent calls on one thread pool), or as one batch in a
     * {@link #batchingWindows} view. The engine that batches, TensorFlow, is the one that shares
     * its threads; ONNX Runtime, where each call takes threads of its own, does neither.
     */
    public boolean runsWindowsTogether() {
        return session.batchesWindows();
    }

    /** A model another format brought into fiji-unet's terms (a bioimage.io package): its descriptor and session. */
    public static LoadedModel of(ModelDescriptor descriptor, ModelSession session, ComputeDevice device, List<String> warnings) {
        return new LoadedModel(descriptor, session, device, Precision.FLOAT32, warnings);
    }

    /**
     * bfloat16 where it was asked for, the model has a bfloat16 graph and this CPU computes
     * bfloat16 natively; float32, with a warning saying why, otherwise.
     */
    private static Precision precisionFor(Precision requested, ComputeDevice device, ModelDescriptor descriptor, List<String> warnings) {
        if (requested == Precision.FLOAT32) return Precision.FLOAT32;
        String reason;
        if (device == ComputeDevice.GPU) {
            reason = "bfloat16 arithmetic is offered for CPUs; the GPU runs the float32 graph";
        } else if (descriptor.bfloat16Signature() == null) {
            reason = "the model \"" + descriptor.name() + "\" has no bfloat16 graph (a fiji-unet U-Net gets one with 'fiji-unet reexport')";
        } else if (!CpuFeatures.hasBfloat16()) {
            reason = CpuFeatures.NO_BFLOAT16;
        } else {
            return Precision.BFLOAT16;
        }
        warnings.add("bfloat16 requested, but " + reason + "; running in float32.");
        return Precision.FLOAT32;
    }

    /**
     * Runs the model on {@code count} NHWC samples of normalised floats (height × width ×
     * channels each, a size the model takes) and returns its output as floats, sample by sample.
     */
    public float[] runBatch(float[] samples, int count, int height, int width, int channels) {
        checkWindow(channels, height, width);
        return session.runBatch(samples, count, height, width, channels);
    }

    /**
     * Runs the model on the width×height window of {@code source} at (x, y) (pixels beyond the
     * plane mirrored), normalised by {@code scaling} inside the engine; the channels-first output
     * stays in the engine until it is closed; in a {@link #batchingWindows} view, windows of one size
     * that other threads ask for at the same time run in the same engine call.
     */
    public WindowOutput runWindow(PlaneSource source, int x, int y, int width, int height, ChannelScaling scaling) {
        checkWindow(source.channels(), height, width);
        if (batcher == null) return session.runWindow(source, x, y, width, height, scaling);
        return batcher.run(new ModelWindow(source, x, y, width, height, scaling));
    }

    /**
     * The window's channels, and its height and width: the model's fixed input size, or multiples of its tile multiple. The tiler always pads to those; other
     * sizes can reach oneDNN kernels that do not check shapes and crash the JVM, so no caller may
     * pass one.
     */
    private void checkWindow(int channels, long height, long width) {
        int expected = descriptor.input().channels();
        if (channels != expected) {
            throw new InvalidInputException("The model \"" + descriptor.name() + "\" expects images with " + expected
                    + " channel(s); this one has " + channels + ". "
                    + (expected == 1 ? "Convert it to a single channel (e.g. Image > Type > 8-bit) or pick one channel." : "Pick a model trained for this many channels."));
        }
        int[] fixed = descriptor.inputSize();
        int multiple = descriptor.tileMultiple();
        boolean fits = fixed != null ? height == fixed[0] && width == fixed[1] : height % multiple == 0 && width % multiple == 0;
        if (!fits) {
            throw new IllegalArgumentException("A " + height + "×" + width + " window for the model \"" + descriptor.name() + "\", which takes "
                    + (fixed != null ? fixed[0] + "×" + fixed[1] : "multiples of " + multiple) + ": pad or resample it first.");
        }
    }

    public ModelDescriptor descriptor() {
        return descriptor;
    }


    /** The device the model actually runs on (CPU after a GPU fallback). */
    public ComputeDevice device() {
        return device;
    }

    /**
     * TensorFlow's peak working memory per window pixel in the arithmetic the model runs, where the
     * descriptor records it: bfloat16 activations take half the bytes (measured 0.47–0.52 of float32).
     */
    public OptionalLong activationBytesPerPixel() {
        OptionalLong float32 = descriptor.activationBytesPerPixel();
        if (float32.isEmpty() || precision == Precision.FLOAT32) return float32;
        return OptionalLong.of(Math.max(1, float32.getAsLong() / 2));
    }

    /** {@link #activationBytesPerPixel()}, else {@value #UNKNOWN_BYTES_PER_PIXEL}. */
    public long windowBytesPerPixel() {
        return activationBytesPerPixel().orElse(UNKNOWN_BYTES_PER_PIXEL);
    }

    /** The arithmetic the model actually runs in (float32 after a bfloat16 fallback). */
    public Precision precision() {
        return precision;
    }

    /** Problems worth telling the user that did not stop loading (e.g. the GPU fallback). */
    public List<String> warnings() {
        return warnings;
    }

    @Override
    public void close() {
        if (ownsSession) session.close();
    }
}
