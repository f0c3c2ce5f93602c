package io.github.fijiunet.bioimageio;

import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.engine.Engine;
import io.github.fijiunet.engine.Engines;
import io.github.fijiunet.engine.TensorModel;
import io.github.fijiunet.model.ComputeDevice;
import io.github.fijiunet.model.ModelLoadException;
import io.github.fijiunet.model.RuntimeOptions;
import io.github.fijiunet.tensor.FloatTensor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A bioimage.io package loaded into the engine its weights need (ONNX Runtime for {@code onnx},
 * TensorFlow for {@code tensorflow_saved_model_bundle}), run on whole samples with the package's
 * own pre- and post-processing. Thread-safe. Close it to free the engine's memory.
 */
public final class BioImageIoModel implements AutoCloseable {

    private final BioImageIoPackage pack;
    private final String weightFormat;
    private final String engineName;
    private final TensorModel model;
    private final List<String> inputNames;
    private final List<String> outputNames;
    private final List<String> warnings;
    private final ComputeDevice device;

    private BioImageIoModel(BioImageIoPackage pack, String weightFormat, String engineName, TensorModel model, ComputeDevice device,
                            List<String> warnings) {
        this.pack = pack;
        this.device = device;
        this.weightFormat = weightFormat;
        this.engineName = engineName;
        this.model = model;
        this.warnings = List.copyOf(warnings);
        ModelDescription d = pack.description();
        if (model.inputs().size() != d.inputs().size() || model.outputs().size() != d.outputs().size()) {
            throw new ModelLoadException("The " + weightFormat + " weights of " + d.name() + " have " + model.inputs().size() + " input(s) and "
                    + model.outputs().size() + " output(s); the description lists " + d.inputs().size() + " and " + d.outputs().size() + ".");
        }
        this.inputNames = engineNames(ids(d.inputs()), model.inputs().keySet());
        this.outputNames = engineNames(ids(d.outputs()), model.outputs().keySet());
    }

    /**
     * Opens a package folder or zip and loads its weights: {@code weightFormat} when given, else
     * the first format fiji-unet runs. A GPU asked for where there is none falls back to the CPU
     * with a warning ({@link #warnings}).
     */
    public static BioImageIoModel load(Path path, RuntimeOptions options, String weightFormat) {
        BioImageIoPackage pack = BioImageIoPackage.open(path);
        String format = pack.weightFormat(weightFormat);
        Path weights = pack.file(pack.description().weights().get(format), format + " weights");
        Engine engine = format.equals("onnx") ? Engines.onnx() : Engines.tensorFlow();
        List<String> warnings = new ArrayList<>();
        ComputeDevice device = options.device();
        if (device == ComputeDevice.GPU && !engine.gpuAvailable()) {
            warnings.add("GPU requested but " + engine.name() + " found no usable GPU (it needs its CUDA build, installed with -Pgpu, an NVIDIA "
                    + "driver and a GPU); running on the CPU instead.");
            device = ComputeDevice.CPU;
        }
        if (format.equals("tensorflow_saved_model_bundle")) weights = pack.savedModelFolder(weights);
        TensorModel model = engine.openTensorModel(weights, device, options);
        try {
            return new BioImageIoModel(pack, format, engine.name(), model, device, warnings);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    private static List<String> ids(List<TensorDescription> tensors) {
        List<String> ids = new ArrayList<>();
        for (TensorDescription t : tensors) ids.add(t.id());
        return ids;
    }

    /** The engine's tensor for each described one: by name where the names agree, else by position (as bioimage.io runs ONNX). */
    private static List<String> engineNames(List<String> ids, java.util.Set<String> names) {
        return names.containsAll(ids) ? ids : new ArrayList<>(names);
    }

    public ModelDescription description() {
        return pack.description();
    }

    public BioImageIoPackage pack() {
        return pack;
    }

    public String weightFormat() {
        return weightFormat;
    }

    /** What runs it ("ONNX Runtime 1.23.2 (ONNX Runtime Java)"). */
    public String engineName() {
        return engineName;
    }

    public List<String> warnings() {
        return warnings;
    }

    /** The device it runs on (the CPU after a GPU fallback). */
    public ComputeDevice device() {
        return device;
    }

    /** The engine's run on tensors already pre-processed, in the description's order (for tiled prediction). */
    FloatTensor runProcessed(FloatTensor input) {
        FloatTensor out = model.run(java.util.Map.of(inputNames.get(0), input)).get(outputNames.get(0));
        if (out == null) throw new ModelLoadException("The model returned no output " + outputNames.get(0) + ".");
        return out;
    }

    /**
     * Runs the model on one whole sample per input id, in the description's axis order: checks the
     * sizes against the description, runs the pre-processing (statistics of the whole sample), the
     * model and the post-processing. The caller's tensors are not changed.
     */
    public Map<String, FloatTensor> predict(Map<String, FloatTensor> inputs) {
        ModelDescription d = pack.description();
        Map<String, Processing.Sample> raw = new LinkedHashMap<>();
        Map<String, FloatTensor> feed = new LinkedHashMap<>();
        for (int i = 0; i < d.inputs().size(); i++) {
            TensorDescription t = d.inputs().get(i);
            FloatTensor given = inputs.get(t.id());
            if (given == null) throw new InvalidInputException("The model " + d.name() + " needs its input \"" + t.id() + "\".");
            checkSizes(t, given, inputs);
            raw.put(t.id(), new Processing.Sample(given, t.axisIds()));
            FloatTensor processed = new FloatTensor(given.shape(), given.data().clone());
            Processing.run(t.processing(), processed, t.axisIds(), raw);
            feed.put(inputNames.get(i), processed);
        }
        Map<String, FloatTensor> result = model.run(feed);
        Map<String, FloatTensor> outputs = new LinkedHashMap<>();
        for (int i = 0; i < d.outputs().size(); i++) {
            TensorDescription t = d.outputs().get(i);
            FloatTensor out = result.get(outputNames.get(i));
            if (out.rank() != t.axes().size()) {
                throw new InvalidInputException("The model's output " + t.id() + " has shape " + Arrays.toString(out.shape()) + ", not the "
                        + t.axes().size() + " axes its description lists (" + t.axisIds() + ").");
            }
            Processing.run(t.processing(), out, t.axisIds(), raw);
            outputs.put(t.id(), out);
        }
        return outputs;
    }

    /** The tensor's rank and each axis's size against the description's rules. */
    static void checkSizes(TensorDescription t, FloatTensor tensor, Map<String, FloatTensor> all) {
        if (tensor.rank() != t.axes().size()) {
            throw new InvalidInputException("The input " + t.id() + " has " + tensor.rank() + " axes " + Arrays.toString(tensor.shape())
                    + "; the model takes " + t.axes().size() + ": " + t.axes() + ".");
        }
        for (int a = 0; a < tensor.rank(); a++) {
            Axis axis = t.axes().get(a);
            int size = tensor.size(a);
            if (axis.isReference()) continue;
            if (!axis.accepts(size)) {
                throw new InvalidInputException("The input " + t.id() + " is " + size + " along " + axis.id() + "; the model takes " + axis
                        + (axis.isParameterized() ? " (the nearest is " + axis.sizeAtLeast(size) + ")" : "") + ".");
            }
        }
    }

    @Override
    public void close() {
        model.close();
    }
}
