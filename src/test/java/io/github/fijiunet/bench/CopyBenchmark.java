package io.github.fijiunet.bench;

import io.github.fijiunet.engine.tf.TensorConversion;
import io.github.fijiunet.engine.tf.TensorCopy;
import io.github.fijiunet.tensor.ArrayPlane;
import io.github.fijiunet.tensor.ChannelScaling;
import io.github.fijiunet.tensor.WindowCopy;
import org.tensorflow.Result;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.family.TNumber;

import java.util.Random;

/**
 * Image ↔ tensor copy speed of 8-, 16- and 32-bit 4096×4096 planes against
 * {@code System.arraycopy} of the same bytes, measured in the same run (best of several
 * repetitions, tensors reused as the predictor's tiles would). Windows travel in the image's own
 * type; the float conversion and normalisation then run inside TensorFlow, timed separately and
 * set against the float conversion in Java that classifier batches (and, before, tiles) use.
 */
final class CopyBenchmark {

    private static final int SIZE = 4096;
    private static final int REPEATS = 9;

    private CopyBenchmark() {}

    static void run(StringBuilder report) {
        int pixels = SIZE * SIZE;
        Random random = new Random(1);
        byte[] u8 = new byte[pixels];
        short[] u16 = new short[pixels];
        float[] f32 = new float[pixels];
        for (int i = 0; i < pixels; i++) {
            int v = random.nextInt(4096);
            u8[i] = (byte) v;
            u16[i] = (short) v;
            f32[i] = v;
        }
        Object[] arrays = {u8, u16, f32};
        ArrayPlane.Kind[] kinds = {ArrayPlane.Kind.UINT8, ArrayPlane.Kind.UINT16, ArrayPlane.Kind.FLOAT32};
        String[] names = {"8-bit", "16-bit", "32-bit"};
        ChannelScaling scaling = new ChannelScaling(new float[] {1 / 4096f}, new float[] {-0.5f});
        try (TensorConversion conversion = new TensorConversion(ConfigProto.getDefaultInstance())) {
            for (int k = 0; k < arrays.length; k++) {
                Object array = arrays[k];
                Object copy = java.lang.reflect.Array.newInstance(array.getClass().getComponentType(), pixels);
                ArrayPlane plane = ArrayPlane.of(kinds[k], SIZE, SIZE, array);
                double megabytes = pixels * (double) elementBytes(array) / (1 << 20);
                try (TNumber tensor = Tensor.of(TensorCopy.tensorTypeOf(plane), Shape.of(1, 1, SIZE, SIZE))) {
                    double[] times = Timing.bestInterleaved(REPEATS, REPEATS,
                            () -> System.arraycopy(array, 0, copy, 0, pixels),
                            () -> TensorCopy.readChannelsFirst(plane, 0, 0, SIZE, SIZE, tensor),
                            () -> TensorCopy.writeChannelsFirst(tensor, 0, 0, SIZE, SIZE, plane, 0, 0));
                    double arraycopy = times[0];
                    double in = times[1];
                    double out = times[2];
                    double inTensorFlow = best(() -> {
                        try (Result input = conversion.toModelInput(tensor, scaling)) {
                            input.get(0);
                        }
                    });
                    float[] nhwc = new float[SIZE * SIZE];
                    double javaFloats = best(() -> WindowCopy.readNhwc(plane, scaling, 0, 0, SIZE, SIZE, nhwc, 0));
                    report.append(String.format("copy  %-6s %3.0f MB: arraycopy %6.0f MB/s | image->tensor %6.0f MB/s ratio %.2f"
                                    + " | tensor->image %6.0f MB/s ratio %.2f%n", names[k], megabytes, megabytes / arraycopy,
                            megabytes / in, arraycopy / in, megabytes / out, arraycopy / out));
                    report.append(String.format("copy  %-6s to normalised float input: copy + TensorFlow conversion %.1f ms"
                                    + " (conversion alone %.1f ms) vs conversion in Java %.1f ms%n", names[k],
                            (in + inTensorFlow) * 1e3, inTensorFlow * 1e3, javaFloats * 1e3));
                }
            }
        }
    }

    private static int elementBytes(Object array) {
        return array instanceof byte[] ? 1 : array instanceof short[] ? 2 : 4;
    }

    /** Best wall time in seconds over {@link #REPEATS} runs after one warm-up. */
    private static double best(Runnable work) {
        return Timing.bestInterleaved(1, REPEATS, work)[0];
    }
}
