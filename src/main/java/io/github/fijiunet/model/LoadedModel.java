package io.github.fijiunet.model;

import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.tensor.ChannelScaling;
import io.github.fijiunet.tensor.TensorConversion;
import io.github.fijiunet.tensor.TensorCopy;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.Tensor;
import org.tensorflow.exceptions.TFFailedPreconditionException;
import org.tensorflow.exceptions.TFInvalidArgumentException;
import org.tensorflow.exceptions.TFResourceExhaustedException;
import org.tensorflow.exceptions.TFUnimplementedException;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GPUOptions;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TNumber;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A model folder loaded into TensorFlow: the SavedModel, its descriptor, and the device and
 * arithmetic it runs with. Thread-safe: several threads may call {@link #run} at once (TensorFlow
 * sessions are). Close it to free the native memory.
 */
public final class LoadedModel implements AutoCloseable {

    /** The largest side of the power-of-two inputs tried to find the multiple a network really needs. */
    private static final int LARGEST_PROBE = 256;

    private final Path directory;
    private final ModelDescriptor descriptor;
    private final SavedModelBundle bundle;
    private final SessionFunction function;
    private final ComputeDevice device;
    private final Precision precision;
    private final List<String> warnings;
    private final TensorConversion conversion;

    private LoadedModel(Path directory, ModelDescriptor descriptor, SavedModelBundle bundle, SessionFunction function,
                        ComputeDevice device, Precision precision, List<String> warnings, TensorConversion conversion) {
        this.directory = directory;
        this.descriptor = descriptor;
        this.bundle = bundle;
        this.function = function;
        this.device = device;
        this.precision = precision;
        this.warnings = List.copyOf(warnings);
        this.conversion = conversion;
    }

    /**
     * Loads and validates a model folder; every problem is a {@link ModelLoadException} saying what to
     * fix. A one-tile dry run ({@link #dryRun}) finds missing weights and a wrong {@code tileMultiple}
     * here rather than at the first prediction.
     */
    public static LoadedModel load(Path directory, RuntimeOptions options) {
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

        List<String> warnings = new ArrayList<>();
        ComputeDevice device = options.device();
        if (device == ComputeDevice.GPU && !GpuSupport.isAvailable()) {
            warnings.add("GPU requested but TensorFlow found no usable GPU (it needs the CUDA build, installed with -Pgpu, "
                    + "an NVIDIA driver and a GPU); running on the CPU instead.");
            device = ComputeDevice.CPU;
        }
        Precision precision = precisionFor(options.precision(), device, descriptor, warnings);
        SavedModelBundle bundle;
        try {
            bundle = SavedModelBundle.loader(directory.toString())
                    .withTags(SavedModelBundle.DEFAULT_TAG)
                    .withConfigProto(configFor(device, options))
                    .load();
        } catch (RuntimeException e) {
            throw new ModelLoadException("TensorFlow could not load the SavedModel in " + directory + ": " + e.getMessage()
                    + ". The files may be damaged or written by an incompatible TensorFlow; re-export or re-download the model.", e);
        }
        try {
            String signature = precision == Precision.BFLOAT16 ? descriptor.bfloat16Signature() : descriptor.signature();
            SessionFunction function = validatedFunction(bundle, descriptor, signature, directory);
            dryRun(function, descriptor, directory);
            // Conversions are memory-bound: they stay on the CPU next to the Java arrays.
            TensorConversion conversion = new TensorConversion(configFor(ComputeDevice.CPU, options));
            return new LoadedModel(directory, descriptor, bundle, function, device, precision, warnings, conversion);
        } catch (RuntimeException e) {
            bundle.close();
            throw e;
        }
    }

    /**
     * Runs the model once on zeros: of its {@code inputSize}, or for a fully convolutional model of
     * P×2P pixels, P the largest power of two dividing {@code tileMultiple}. Unrestored weights fail
     * here (TensorFlow loads a folder with an empty {@code variables/} and fails only when it runs).
     * For a U-Net (2^depth multiple) P×2P runs exactly when the declared multiple is a multiple of
     * the network's, so it tests what tileMultiple × any odd number would; and it is the safe size
     * to test: a power of two below 2^depth fails cleanly at the pooling that reaches one pixel,
     * while a size with an odd factor (24×24 into a depth-4 U-Net) reaches oneDNN's fused skip
     * addition with mismatched shapes, which crashed the JVM. The first run of a session sets up
     * TensorFlow's executor (about 110 ms for nuclei-unet), which the first prediction then skips:
     * cold start to the first 512² prediction is unchanged.
     */
    private static void dryRun(SessionFunction function, ModelDescriptor descriptor, Path directory) {
        int[] fixed = descriptor.inputSize();
        int side = Integer.lowestOneBit(descriptor.tileMultiple());
        long height = fixed != null ? fixed[0] : side;
        long width = fixed != null ? fixed[1] : 2L * side;
        Shape output;
        try {
            output = outputShape(function, descriptor, height, width);
        } catch (TFFailedPreconditionException e) {
            throw new ModelLoadException("The model folder " + directory + " has no usable weights: " + weightsProblem(directory)
                    + " (TensorFlow: " + firstLine(e) + "). Copy the model folder again with its variables/ folder, or re-export it.", e);
        } catch (TensorFlowException | TFInvalidArgumentException | TFUnimplementedException e) {
            if (fixed != null) {
                throw new ModelLoadException("The model in " + directory + " cannot run on a " + width + "x" + height + " input, the \"inputSize\" "
                        + "its " + ModelDescriptor.FILE_NAME + " declares (TensorFlow: " + firstLine(e) + "). Fix \"inputSize\".", e);
            }
            throw new ModelLoadException("The \"tileMultiple\": " + descriptor.tileMultiple() + " in " + directory.resolve(ModelDescriptor.FILE_NAME)
                    + " does not match the network: a " + width + "x" + height + " input fails (TensorFlow: " + firstLine(e) + "); "
                    + neededMultiple(function, descriptor, side) + ".", e);
        }
        boolean sameSize = output.numDimensions() == 4 && output.size(1) == height && output.size(2) == width;
        if (fixed == null && descriptor.task() != Task.CLASSIFICATION && !sameSize) {
            throw new ModelLoadException("The model in " + directory + " returns " + output + " for a " + width + "x" + height
                    + " input; fiji-unet segments with models whose output has the input's height and width. Pick or export such a model.");
        }
    }

    /** What the smallest power-of-two input above {@code failed} that runs says about the multiple; probes are on the failure path only. */
    private static String neededMultiple(SessionFunction function, ModelDescriptor descriptor, int failed) {
        for (long side = 2L * failed; side <= LARGEST_PROBE; side *= 2) {
            try {
                outputShape(function, descriptor, side, 2 * side);
                return "it needs sizes that are multiples of " + side + ". Set \"tileMultiple\": " + side + " (2^depth for a U-Net)";
            } catch (TensorFlowException | TFInvalidArgumentException | TFUnimplementedException ignored) {
                // still too small a multiple
            }
        }
        return "no power-of-two input up to " + LARGEST_PROBE + "x" + (2 * LARGEST_PROBE) + " runs. Check that the model is fully convolutional "
                + "(else set \"inputSize\") and set \"tileMultiple\" to the size every input must be a multiple of (2^depth for a U-Net)";
    }

    private static Shape outputShape(SessionFunction function, ModelDescriptor descriptor, long height, long width) {
        try (TFloat32 zeros = TFloat32.tensorOf(Shape.of(1, height, width, descriptor.input().channels()));
             Result result = function.call(Map.of(descriptor.input().name(), zeros))) {
            return result.get(descriptor.output().name()).map(Tensor::shape).orElseThrow(() -> new ModelLoadException(
                    "The model returned no \"" + descriptor.output().name() + "\" output."));
        }
    }

    private static String weightsProblem(Path directory) {
        Path variables = directory.resolve("variables");
        if (!Files.isRegularFile(variables.resolve("variables.index"))) return "its variables/ folder holds no variables.index";
        return "the weights in its variables/ folder do not cover the graph";
    }

    /**
     * TensorFlow's message without the node list it appends on later lines. Its exceptions are
     * {@link TensorFlowException}s except for invalid arguments and unimplemented ops.
     */
    private static String firstLine(RuntimeException e) {
        String message = String.valueOf(e.getMessage()).strip();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline).strip();
    }

    private static ConfigProto configFor(ComputeDevice device, RuntimeOptions options) {
        ConfigProto.Builder config = ConfigProto.newBuilder()
                .setIntraOpParallelismThreads(options.intraOpThreads())
                .setInterOpParallelismThreads(options.interOpThreads())
                .setAllowSoftPlacement(true);
        if (device == ComputeDevice.CPU) {
            config.putDeviceCount("GPU", 0);
        } else {
            // Take GPU memory as needed, so Fiji can share the card with other tools.
            config.setGpuOptions(GPUOptions.newBuilder().setAllowGrowth(true).build());
        }
        return config.build();
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

    private static SessionFunction validatedFunction(SavedModelBundle bundle, ModelDescriptor descriptor, String key, Path directory) {
        List<String> keys = new ArrayList<>();
        for (Signature s : bundle.signatures()) keys.add(s.key());
        if (!keys.contains(key)) {
            String field = key.equals(descriptor.signature()) ? "signature" : "bfloat16Signature";
            throw new ModelLoadException("The SavedModel in " + directory + " has no signature \"" + key
                    + "\" (it has " + keys + "). Fix \"" + field + "\" in " + ModelDescriptor.FILE_NAME + ".");
        }
        SessionFunction function = bundle.function(key);
        Signature signature = function.signature();
        String input = descriptor.input().name();
        String output = descriptor.output().name();
        if (!signature.inputNames().contains(input)) {
            throw new ModelLoadException("The signature \"" + key + "\" has no input \"" + input
                    + "\" (it has " + signature.inputNames() + "). Fix \"input.name\" in " + ModelDescriptor.FILE_NAME + ".");
        }
        if (!signature.outputNames().contains(output)) {
            throw new ModelLoadException("The signature \"" + key + "\" has no output \"" + output
                    + "\" (it has " + signature.outputNames() + "). Fix \"output.name\" in " + ModelDescriptor.FILE_NAME + ".");
        }
        checkChannels(signature.getInputs().get(input).shape, descriptor.input().channels(), "input", directory);
        checkChannels(signature.getOutputs().get(output).shape, descriptor.output().channels(), "output", directory);
        return function;
    }

    private static void checkChannels(Shape shape, int declared, String side, Path directory) {
        if (shape == null || shape.isUnknown() || shape.numDimensions() != 4) return;
        long channels = shape.size(3);
        if (channels > 0 && channels != declared) {
            throw new ModelLoadException("The descriptor in " + directory + " declares " + declared + " " + side
                    + " channel(s) but the graph's " + side + " has " + channels + ". Fix \"" + side + ".channels\".");
        }
    }

    /**
     * Runs the model on an NHWC batch and hands the NHWC output to {@code reader}; the output is
     * closed when the reader returns, so copy what you need out of it.
     */
    public <R> R run(TFloat32 input, Function<TFloat32, R> reader) {
        checkWindow(input.shape(), 3, 1);
        return mappingFailures(input.shape(), () -> call(input, reader));
    }

    /**
     * Runs the model on a channels-first window ([1, C, h, w] as {@link TensorCopy#toChannelsFirst}
     * makes it), normalised by {@code scaling} inside TensorFlow, and hands the output to
     * {@code reader} as channels-first float32 [1, C', h, w], closed when the reader returns.
     */
    public <R> R runChannelsFirst(TNumber window, ChannelScaling scaling, Function<TFloat32, R> reader) {
        checkWindow(window.shape(), 1, 2);
        return mappingFailures(window.shape(), () -> {
            try (Result input = conversion.toModelInput(window, scaling)) {
                return call((TFloat32) input.get(0), output -> {
                    try (Result channelsFirst = conversion.toChannelsFirst(output)) {
                        return reader.apply((TFloat32) channelsFirst.get(0));
                    }
                });
            }
        });
    }

    /** The model on an NHWC input its callers have checked; TensorFlow's exceptions are theirs to map. */
    private <R> R call(TFloat32 input, Function<TFloat32, R> reader) {
        try (Result result = function.call(Map.of(descriptor.input().name(), input))) {
            Tensor output = result.get(descriptor.output().name()).orElseThrow(() -> new ModelLoadException(
                    "The model returned no \"" + descriptor.output().name() + "\" output."));
            if (!(output instanceof TFloat32)) {
                throw new ModelLoadException("The model's output \"" + descriptor.output().name() + "\" is " + output.dataType()
                        + ", fiji-unet reads float32 outputs.");
            }
            return reader.apply((TFloat32) output);
        }
    }

    /**
     * {@code pass}, with TensorFlow's exceptions, which would reach users as stack traces, turned
     * into messages that say what to change: memory is the tile size's, anything else the model's
     * (its load-time dry run passed, so it is damaged or unusual).
     */
    private <R> R mappingFailures(Shape input, Supplier<R> pass) {
        try {
            return pass.get();
        } catch (TFResourceExhaustedException e) {
            throw new InvalidInputException("TensorFlow ran out of memory running the model \"" + descriptor.name() + "\" on a "
                    + input + " input. Use a smaller tile size (tile_size), close other programs, or run on a machine with more memory.");
        } catch (TensorFlowException | TFInvalidArgumentException | TFUnimplementedException e) {
            throw new ModelLoadException("TensorFlow failed running the model \"" + descriptor.name() + "\" (" + directory + ") on a "
                    + input + " input: " + firstLine(e) + ". Re-export or re-download the model; if it keeps failing, report it.", e);
        }
    }

    /**
     * The window's channels, and its height and width (axes {@code heightAxis}, +1): the model's
     * fixed input size, or multiples of its tile multiple. The tiler always pads to those; other
     * sizes can reach oneDNN kernels that do not check shapes and crash the JVM, so no caller may
     * pass one.
     */
    private void checkWindow(Shape shape, int channelAxis, int heightAxis) {
        int expected = descriptor.input().channels();
        if (shape.numDimensions() != 4 || shape.size(channelAxis) != expected) {
            throw new InvalidInputException("The model \"" + descriptor.name() + "\" expects images with " + expected
                    + " channel(s); this one has " + (shape.numDimensions() == 4 ? shape.size(channelAxis) : shape) + ". "
                    + (expected == 1 ? "Convert it to a single channel (e.g. Image > Type > 8-bit) or pick one channel." : "Pick a model trained for this many channels."));
        }
        long height = shape.size(heightAxis);
        long width = shape.size(heightAxis + 1);
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
        conversion.close();
        bundle.close();
    }
}
