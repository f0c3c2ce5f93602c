package io.github.fijiunet.engine.tf;

import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.engine.TensorModel;
import io.github.fijiunet.model.ComputeDevice;
import io.github.fijiunet.model.ModelLoadException;
import io.github.fijiunet.model.RuntimeOptions;
import io.github.fijiunet.tensor.FloatTensor;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A SavedModel signature run on whole tensors in the model's own layout (a bioimage.io
 * {@code tensorflow_saved_model_bundle}): {@code serving_default}, or the bundle's only signature.
 * Thread-safe; TensorFlow's exceptions become fiji-unet's.
 */
final class TensorFlowTensorModel implements TensorModel {

    static final String DEFAULT_SIGNATURE = "serving_default";

    private final SavedModelBundle bundle;
    private final SessionFunction function;
    private final Path directory;
    private final Map<String, int[]> inputs;
    private final Map<String, int[]> outputs;

    private TensorFlowTensorModel(SavedModelBundle bundle, SessionFunction function, Path directory) {
        this.bundle = bundle;
        this.function = function;
        this.directory = directory;
        Signature signature = function.signature();
        this.inputs = shapes(signature.getInputs());
        this.outputs = shapes(signature.getOutputs());
    }

    static TensorFlowTensorModel open(Path directory, ComputeDevice device, RuntimeOptions options) {
        if (!Files.isRegularFile(directory.resolve("saved_model.pb"))) {
            throw new ModelLoadException("The TensorFlow weights " + directory + " hold no saved_model.pb.");
        }
        SavedModelBundle bundle;
        try {
            bundle = SavedModelBundle.loader(directory.toString()).withTags(SavedModelBundle.DEFAULT_TAG)
                    .withConfigProto(TensorFlowSession.configFor(device, options)).load();
        } catch (RuntimeException e) {
            throw new ModelLoadException("TensorFlow could not load the SavedModel in " + directory + ": " + e.getMessage()
                    + ". The files may be damaged or written by an incompatible TensorFlow.", e);
        }
        try {
            List<String> keys = new ArrayList<>();
            for (Signature s : bundle.signatures()) keys.add(s.key());
            String key = keys.contains(DEFAULT_SIGNATURE) ? DEFAULT_SIGNATURE : keys.size() == 1 ? keys.get(0) : null;
            if (key == null) {
                throw new ModelLoadException("The SavedModel in " + directory + " has no \"" + DEFAULT_SIGNATURE + "\" signature (it has " + keys
                        + "); fiji-unet runs that one.");
            }
            return new TensorFlowTensorModel(bundle, bundle.function(key), directory);
        } catch (RuntimeException e) {
            bundle.close();
            throw e;
        }
    }

    private static Map<String, int[]> shapes(Map<String, Signature.TensorDescription> tensors) {
        Map<String, int[]> shapes = new LinkedHashMap<>();
        for (Map.Entry<String, Signature.TensorDescription> e : tensors.entrySet()) {
            Shape shape = e.getValue().shape;
            int[] sizes = new int[shape.isUnknown() ? 0 : shape.numDimensions()];
            for (int i = 0; i < sizes.length; i++) sizes[i] = shape.size(i) < 0 ? -1 : (int) shape.size(i);
            shapes.put(e.getKey(), sizes);
        }
        return Collections.unmodifiableMap(shapes);
    }

    @Override
    public Map<String, int[]> inputs() {
        return inputs;
    }

    @Override
    public Map<String, int[]> outputs() {
        return outputs;
    }

    @Override
    public Map<String, FloatTensor> run(Map<String, FloatTensor> values) {
        Map<String, Tensor> feed = new LinkedHashMap<>();
        try {
            for (String name : inputs.keySet()) {
                FloatTensor value = values.get(name);
                if (value == null) throw new InvalidInputException("The SavedModel " + directory.getFileName() + " needs its input " + name + ".");
                long[] shape = Arrays.stream(value.shape()).asLongStream().toArray();
                feed.put(name, TFloat32.tensorOf(Shape.of(shape), DataBuffers.of(value.data(), true, false)));
            }
            try (Result result = function.call(feed)) {
                Map<String, FloatTensor> out = new LinkedHashMap<>();
                for (String name : outputs.keySet()) {
                    Tensor tensor = result.get(name).orElseThrow(() -> new ModelLoadException("The SavedModel returned no output " + name + "."));
                    if (!(tensor instanceof TFloat32)) {
                        throw new InvalidInputException("The SavedModel's output " + name + " is " + tensor.dataType() + "; fiji-unet reads float32.");
                    }
                    Shape shape = tensor.shape();
                    int[] sizes = new int[shape.numDimensions()];
                    for (int i = 0; i < sizes.length; i++) sizes[i] = (int) shape.size(i);
                    float[] data = new float[(int) shape.size()];
                    ((TFloat32) tensor).copyTo(DataBuffers.of(data, false, false));
                    out.put(name, new FloatTensor(sizes, data));
                }
                return out;
            }
        } catch (InvalidInputException | ModelLoadException e) {
            throw e;
        } catch (RuntimeException e) {
            // TensorFlow's own: TensorFlowException, TFInvalidArgumentException, TFUnimplementedException, IllegalArgumentException
            throw new InvalidInputException("TensorFlow could not run the SavedModel " + directory.getFileName() + " (it takes "
                    + TensorModel.describe(inputs) + "): " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        } finally {
            for (Tensor t : feed.values()) t.close();
        }
    }


    @Override
    public void close() {
        bundle.close();
    }
}
