package io.github.fijiunet.bench;

import io.github.fijiunet.tensor.ArrayPlane;
import io.github.fijiunet.tensor.ChannelScaling;
import io.github.fijiunet.tensor.TensorCopy;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.FloatDataBuffer;
import org.tensorflow.types.TFloat32;

import java.util.Random;

/**
 * Image ↔ tensor copy speed against {@code System.arraycopy} of the tensor's bytes (float32), for
 * 8-, 16- and 32-bit 4096×4096 planes, measured in the same run. Best of several repetitions.
 */
final class CopyBenchmark {

    private static final int SIZE = 4096;
    private static final int REPEATS = 7;

    private CopyBenchmark() {}

    static void run(StringBuilder report) {
        int pixels = SIZE * SIZE;
        float[] arraySource = new float[pixels];
        float[] arrayTarget = new float[pixels];
        new Random(1).ints(pixels, 0, 4096).forEach(new java.util.function.IntConsumer() {
            int i;

            @Override
            public void accept(int v) {
                arraySource[i++] = v;
            }
        });
        double arraycopy = best(() -> System.arraycopy(arraySource, 0, arrayTarget, 0, pixels));
        double megabytes = pixels * 4.0 / (1 << 20);
        report.append(String.format("copy  System.arraycopy of %d MB (float32 4096x4096): %.0f MB/s%n", (int) megabytes, megabytes / arraycopy));

        byte[] u8 = new byte[pixels];
        short[] u16 = new short[pixels];
        for (int i = 0; i < pixels; i++) {
            u8[i] = (byte) arraySource[i];
            u16[i] = (short) arraySource[i];
        }
        ArrayPlane[] planes = {
            ArrayPlane.of(ArrayPlane.Kind.UINT8, SIZE, SIZE, (Object) u8),
            ArrayPlane.of(ArrayPlane.Kind.UINT16, SIZE, SIZE, (Object) u16),
            ArrayPlane.of(ArrayPlane.Kind.FLOAT32, SIZE, SIZE, (Object) arraySource)};
        String[] names = {"8-bit", "16-bit", "32-bit"};
        try (TFloat32 tensor = TFloat32.tensorOf(Shape.of(1, SIZE, SIZE, 1))) {
            FloatDataBuffer buffer = tensor.asRawTensor().data().asFloats();
            ChannelScaling scaling = new ChannelScaling(new float[] {1 / 4096f}, new float[] {-0.5f});
            for (int k = 0; k < planes.length; k++) {
                ArrayPlane plane = planes[k];
                double in = best(() -> TensorCopy.read(plane, scaling, 0, 0, SIZE, SIZE, buffer, 0));
                double out = best(() -> TensorCopy.write(buffer, 0, SIZE, SIZE, 1, 0, 0, SIZE, SIZE, plane, 0, 0));
                report.append(String.format("copy  %-6s image->tensor %6.0f MB/s  ratio %.2f | tensor->image %6.0f MB/s  ratio %.2f%n",
                        names[k], megabytes / in, arraycopy / in, megabytes / out, arraycopy / out));
            }
        }
    }

    /** Best wall time in seconds over {@link #REPEATS} runs after one warm-up. */
    static double best(Runnable work) {
        work.run();
        double best = Double.MAX_VALUE;
        for (int i = 0; i < REPEATS; i++) {
            long start = System.nanoTime();
            work.run();
            best = Math.min(best, (System.nanoTime() - start) / 1e9);
        }
        return best;
    }
}
