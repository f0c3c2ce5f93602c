package io.github.fijiunet.engine.tf;

import io.github.fijiunet.TestModels;
import io.github.fijiunet.engine.ModelWindow;
import io.github.fijiunet.engine.WindowOutput;
import io.github.fijiunet.model.ComputeDevice;
import io.github.fijiunet.model.ModelDescriptor;
import io.github.fijiunet.model.RuntimeOptions;
import io.github.fijiunet.tensor.ArrayPlane;
import io.github.fijiunet.tensor.ChannelScaling;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TensorFlowSessionTest {

    private static final int W = 48;
    private static final int H = 32;

    private static ArrayPlane plane(ArrayPlane.Kind kind, int seed) {
        Random random = new Random(seed);
        int n = 80 * 60;
        Object pixels;
        if (kind == ArrayPlane.Kind.UINT16) {
            short[] s = new short[n];
            for (int i = 0; i < n; i++) s[i] = (short) random.nextInt(60000);
            pixels = s;
        } else {
            float[] f = new float[n];
            for (int i = 0; i < n; i++) f[i] = random.nextFloat() * 500;
            pixels = f;
        }
        return ArrayPlane.of(kind, 80, 60, pixels);
    }

    private static float[] read(WindowOutput output) {
        int channels = output.channels();
        float[] values = new float[channels * H * W];
        Object[] arrays = new Object[channels];
        int[] offsets = new int[channels];
        for (int c = 0; c < channels; c++) {
            arrays[c] = values;
            offsets[c] = c * H * W;
        }
        output.writeTo(0, 0, W, H, ArrayPlane.of(ArrayPlane.Kind.FLOAT32, W, H, arrays, offsets), 0, 0);
        return values;
    }

    /**
     * Windows of one size from different planes, at different places (some beyond the edge) and
     * with their own normalisation, run as one batch: each sample's output is what the window
     * gives alone; windows of different pixel types are run one by one, with the same outputs.
     */
    @Test
    void aBatchOfWindowsGivesEachWindowItsOwnOutput(@TempDir Path tmp) throws Exception {
        Path dir = TestModels.exportTinyUNet(tmp.resolve("tiny"), 1, 2);
        ModelDescriptor descriptor = ModelDescriptor.read(dir);
        try (TensorFlowSession session = TensorFlowSession.open(dir, descriptor, descriptor.signature(), ComputeDevice.CPU, RuntimeOptions.DEFAULT)) {
            for (ArrayPlane.Kind second : new ArrayPlane.Kind[] {ArrayPlane.Kind.UINT16, ArrayPlane.Kind.FLOAT32}) {
                List<ModelWindow> windows = List.of(
                        new ModelWindow(plane(ArrayPlane.Kind.UINT16, 1), 0, 0, W, H, new ChannelScaling(new float[] {1 / 60000f}, new float[] {0})),
                        new ModelWindow(plane(second, 2), 40, 36, W, H, new ChannelScaling(new float[] {0.004f}, new float[] {-0.5f})),
                        new ModelWindow(plane(ArrayPlane.Kind.UINT16, 3), -16, 16, W, H, new ChannelScaling(new float[] {2 / 60000f}, new float[] {-1})));
                List<WindowOutput> together = session.runWindows(windows);
                assertEquals(3, together.size());
                List<float[]> batched = new ArrayList<>();
                for (WindowOutput o : together) batched.add(read(o));
                // closed out of order: the shared tensors go with the last
                together.get(1).close();
                together.get(0).close();
                together.get(2).close();
                for (int i = 0; i < windows.size(); i++) {
                    ModelWindow w = windows.get(i);
                    try (WindowOutput alone = session.runWindow(w.source(), w.x(), w.y(), w.width(), w.height(), w.scaling())) {
                        float[] expected = read(alone);
                        float[] actual = batched.get(i);
                        double largest = 0;
                        for (int k = 0; k < expected.length; k++) largest = Math.max(largest, Math.abs(expected[k] - actual[k]));
                        // oneDNN picks other kernels for a batch than for one sample: float rounding only
                        assertTrue(largest < 1e-4, "window " + i + " (" + second + " second): batched differs from alone by " + largest);
                    }
                }
                assertTrue(distinct(batched.get(0), batched.get(2)), "different windows give different outputs (the test can fail)");
            }
        }
    }

    private static boolean distinct(float[] a, float[] b) {
        for (int i = 0; i < a.length; i++) if (Math.abs(a[i] - b[i]) > 1e-3) return true;
        return false;
    }
}
