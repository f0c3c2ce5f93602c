package io.github.fijiunet.engine.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.engine.TensorModel;
import io.github.fijiunet.model.ComputeDevice;
import io.github.fijiunet.model.ModelLoadException;
import io.github.fijiunet.model.RuntimeOptions;
import io.github.fijiunet.tensor.FloatTensor;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ONNX graph in an ONNX Runtime session. Thread-safe (ONNX Runtime sessions may run from several
 * threads). ONNX Runtime's exceptions never leave it: they become {@link ModelLoadException}s and
 * {@link InvalidInputException}s saying what to change.
 */
final class OnnxTensorModel implements TensorModel {

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final Path file;
    private final Map<String, int[]> inputs;
    private final Map<String, int[]> outputs;
    private final Map<String, OnnxJavaType> inputTypes;

    private OnnxTensorModel(OrtEnvironment environment, OrtSession session, Path file) throws OrtException {
        this.environment = environment;
        this.session = session;
        this.file = file;
        Map<String, int[]> in = new LinkedHashMap<>();
        Map<String, OnnxJavaType> types = new LinkedHashMap<>();
        for (Map.Entry<String, NodeInfo> e : session.getInputInfo().entrySet()) {
            TensorInfo info = tensorInfo(e.getValue(), file);
            in.put(e.getKey(), ints(info.getShape()));
            types.put(e.getKey(), info.type);
        }
        Map<String, int[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, NodeInfo> e : session.getOutputInfo().entrySet()) {
            out.put(e.getKey(), ints(tensorInfo(e.getValue(), file).getShape()));
        }
        this.inputs = Collections.unmodifiableMap(in);
        this.outputs = Collections.unmodifiableMap(out);
        this.inputTypes = types;
    }

    static OnnxTensorModel open(OrtEnvironment environment, Path file, ComputeDevice device, RuntimeOptions options) {
        if (!Files.isRegularFile(file)) throw new ModelLoadException("The ONNX weights " + file + " do not exist.");
        OrtSession session = null;
        try (OrtSession.SessionOptions settings = new OrtSession.SessionOptions()) {
            if (options.intraOpThreads() > 0) settings.setIntraOpNumThreads(options.intraOpThreads());
            if (options.interOpThreads() > 0) settings.setInterOpNumThreads(options.interOpThreads());
            if (device == ComputeDevice.GPU) settings.addCUDA(0);
            session = environment.createSession(file.toString(), settings);
            return new OnnxTensorModel(environment, session, file);
        } catch (OrtException | RuntimeException e) {
            closeQuietly(session);
            if (e instanceof ModelLoadException) throw (ModelLoadException) e;
            throw new ModelLoadException("ONNX Runtime could not load " + file + ": " + e.getMessage()
                    + ". The file may be damaged, or need a newer ONNX opset than ONNX Runtime " + environment.getVersion() + " runs.", e);
        }
    }

    private static TensorInfo tensorInfo(NodeInfo node, Path file) {
        if (!(node.getInfo() instanceof TensorInfo)) {
            throw new ModelLoadException("The ONNX model " + file + " has a " + node.getInfo() + " named " + node.getName()
                    + " where fiji-unet runs only tensors.");
        }
        return (TensorInfo) node.getInfo();
    }

    private static int[] ints(long[] shape) {
        int[] out = new int[shape.length];
        for (int i = 0; i < shape.length; i++) out[i] = shape[i] < 0 || shape[i] > Integer.MAX_VALUE ? -1 : (int) shape[i];
        return out;
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
        Map<String, OnnxTensor> feed = new LinkedHashMap<>();
        try {
            for (String name : inputs.keySet()) {
                FloatTensor value = values.get(name);
                if (value == null) throw new InvalidInputException("The ONNX model " + file.getFileName() + " needs its input " + name + ".");
                feed.put(name, tensor(name, value));
            }
            try (OrtSession.Result result = session.run(feed)) {
                Map<String, FloatTensor> out = new LinkedHashMap<>();
                for (Map.Entry<String, OnnxValue> e : result) out.put(e.getKey(), floats(e.getKey(), e.getValue()));
                return out;
            }
        } catch (OrtException e) {
            List<String> shapes = new ArrayList<>();
            for (Map.Entry<String, FloatTensor> v : values.entrySet()) shapes.add(v.getKey() + " " + Arrays.toString(v.getValue().shape()));
            throw new InvalidInputException("ONNX Runtime could not run " + file.getFileName() + " on " + shapes + " (the model takes "
                    + TensorModel.describe(inputs) + "): " + e.getMessage());
        } finally {
            for (OnnxTensor t : feed.values()) t.close();
        }
    }

    private OnnxTensor tensor(String name, FloatTensor value) throws OrtException {
        long[] shape = Arrays.stream(value.shape()).asLongStream().toArray();
        OnnxJavaType type = inputTypes.get(name);
        if (type == OnnxJavaType.FLOAT) return OnnxTensor.createTensor(environment, FloatBuffer.wrap(value.data()), shape);
        if (type == OnnxJavaType.DOUBLE) {
            float[] data = value.data();
            double[] doubles = new double[data.length];
            for (int i = 0; i < data.length; i++) doubles[i] = data[i];
            return OnnxTensor.createTensor(environment, DoubleBuffer.wrap(doubles), shape);
        }
        throw new InvalidInputException("The ONNX model " + file.getFileName() + " takes " + type + " as its input " + name
                + "; fiji-unet feeds float32 or float64.");
    }

    private FloatTensor floats(String name, OnnxValue value) {
        if (!(value instanceof OnnxTensor)) {
            throw new InvalidInputException("The ONNX model " + file.getFileName() + " returned a " + value.getType() + " as " + name
                    + " where fiji-unet reads only tensors.");
        }
        OnnxTensor tensor = (OnnxTensor) value;
        int[] shape = ints(tensor.getInfo().getShape());
        OnnxJavaType type = tensor.getInfo().type;
        if (type == OnnxJavaType.FLOAT) {
            FloatBuffer buffer = tensor.getFloatBuffer();
            float[] data = new float[buffer.remaining()];
            buffer.get(data);
            return new FloatTensor(shape, data);
        }
        if (type == OnnxJavaType.DOUBLE) {
            DoubleBuffer buffer = tensor.getDoubleBuffer();
            float[] data = new float[buffer.remaining()];
            for (int i = 0; i < data.length; i++) data[i] = (float) buffer.get(i);
            return new FloatTensor(shape, data);
        }
        throw new InvalidInputException("The ONNX model " + file.getFileName() + " returns " + type + " as " + name
                + "; fiji-unet reads float32 or float64 outputs.");
    }


    private static void closeQuietly(OrtSession session) {
        if (session == null) return;
        try {
            session.close();
        } catch (OrtException ignored) {
            // the load already failed; that failure is the one to report
        }
    }

    @Override
    public void close() {
        closeQuietly(session);
    }
}
