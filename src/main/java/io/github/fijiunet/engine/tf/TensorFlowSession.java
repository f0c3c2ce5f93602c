package io.github.fijiunet.engine.tf;

import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.engine.ModelSession;
import io.github.fijiunet.engine.ModelWindow;
import io.github.fijiunet.engine.WindowOutput;
import io.github.fijiunet.model.ComputeDevice;
import io.github.fijiunet.model.ModelDescriptor;
import io.github.fijiunet.model.ModelLoadException;
import io.github.fijiunet.model.RuntimeOptions;
import io.github.fijiunet.model.Task;
import io.github.fijiunet.tensor.ChannelScaling;
import io.github.fijiunet.tensor.PlaneSource;
import io.github.fijiunet.tensor.PlaneTarget;
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
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GPUOptions;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TNumber;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A SavedModel loaded into TensorFlow, with the conversions around its runs. Thread-safe (TensorFlow
 * sessions are). TensorFlow's exceptions never leave it: they become {@link ModelLoadException}s
 * and {@link InvalidInputException}s saying what to change.
 */
final class TensorFlowSession implements ModelSession {

    /** The largest side of the power-of-two inputs tried to find the multiple a network really needs. */
    private static final int LARGEST_PROBE = 256;

    private final Path directory;
    private final ModelDescriptor descriptor;
    private final SavedModelBundle bundle;
    private final SessionFunction function;
    private final TensorConversion conversion;

    private TensorFlowSession(Path directory, ModelDescriptor descriptor, SavedModelBundle bundle, SessionFunction function,
                              TensorConversion conversion) {
        this.directory = directory;
        this.descriptor = descriptor;
        this.bundle = bundle;
        this.function = function;
        this.conversion = conversion;
    }

    static TensorFlowSession open(Path directory, ModelDescriptor descriptor, String signature, ComputeDevice device, RuntimeOptions options) {
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
            SessionFunction function = validatedFunction(bundle, descriptor, signature, directory);
            dryRun(function, descriptor, directory);
            // Conversions are memory-bound: they stay on the CPU next to the Java arrays.
            TensorConversion conversion = new TensorConversion(configFor(ComputeDevice.CPU, options));
            return new TensorFlowSession(directory, descriptor, bundle, function, conversion);
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

    static ConfigProto configFor(ComputeDevice device, RuntimeOptions options) {
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

    @Override
    public WindowOutput runWindow(PlaneSource source, int x, int y, int width, int height, ChannelScaling scaling) {
        return runWindows(List.of(new ModelWindow(source, x, y, width, height, scaling))).get(0);
    }

    @Override
    public boolean batchesWindows() {
        return true;
    }

    /** One [n, C, h, w] tensor in the windows' pixel type where they share one, else window by window. */
    @Override
    public List<WindowOutput> runWindows(List<ModelWindow> windows) {
        Class<?> type = TensorCopy.tensorTypeOf(windows.get(0).source());
        for (ModelWindow w : windows) {
            if (TensorCopy.tensorTypeOf(w.source()) != type) return ModelSession.super.runWindows(windows);
        }
        ModelWindow first = windows.get(0);
        List<ChannelScaling> scalings = new ArrayList<>(windows.size());
        for (ModelWindow w : windows) scalings.add(w.scaling());
        return mappingFailures(Shape.of(windows.size(), first.source().channels(), first.height(), first.width()), () -> {
            try (TNumber pixels = TensorCopy.toChannelsFirst(windows);
                 Result input = conversion.toModelInput(pixels, scalings)) {
                return call((TFloat32) input.get(0), output -> ChannelsFirstOutput.split(conversion.toChannelsFirst(output)));
            }
        });
    }

    @Override
    public float[] runBatch(float[] samples, int count, int height, int width, int channels) {
        Shape shape = Shape.of(count, height, width, channels);
        if (samples.length != shape.size()) {
            throw new IllegalArgumentException(samples.length + " floats for a batch of shape " + shape);
        }
        return mappingFailures(shape, () -> {
            try (TFloat32 input = TFloat32.tensorOf(shape, DataBuffers.of(samples, true, false))) {
                return call(input, output -> {
                    float[] values = new float[(int) output.size()];
                    output.copyTo(DataBuffers.of(values, false, false));
                    return values;
                });
            }
        });
    }

    /**
     * The model on an NHWC input, its float32 output handed to {@code reader} and closed when the
     * reader returns; TensorFlow's exceptions are the caller's to map.
     */
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

    @Override
    public void close() {
        conversion.close();
        bundle.close();
    }

    /** Sample {@code sample} of an [n, C, h, w] float32 output, whose tensors are freed once every sample is closed. */
    private static final class ChannelsFirstOutput implements WindowOutput {
        private final Result result;
        private final TFloat32 tensor;
        private final int sample;
        private final AtomicInteger open;
        private boolean closed;

        private ChannelsFirstOutput(Result result, int sample, AtomicInteger open) {
            this.result = result;
            this.tensor = (TFloat32) result.get(0);
            this.sample = sample;
            this.open = open;
        }

        /** One output per sample of the result's only tensor. */
        static List<WindowOutput> split(Result result) {
            int samples = (int) result.get(0).shape().size(0);
            AtomicInteger open = new AtomicInteger(samples);
            List<WindowOutput> outputs = new ArrayList<>(samples);
            for (int i = 0; i < samples; i++) outputs.add(new ChannelsFirstOutput(result, i, open));
            return outputs;
        }

        @Override
        public int channels() {
            return (int) tensor.shape().size(1);
        }

        @Override
        public int height() {
            return (int) tensor.shape().size(2);
        }

        @Override
        public int width() {
            return (int) tensor.shape().size(3);
        }

        @Override
        public void writeTo(int cropX, int cropY, int width, int height, PlaneTarget target, int targetX, int targetY) {
            TensorCopy.writeChannelsFirst(tensor, sample, cropX, cropY, width, height, target, targetX, targetY);
        }

        @Override
        public synchronized void close() {
            if (closed) return;
            closed = true;
            if (open.decrementAndGet() == 0) result.close();
        }
    }
}
