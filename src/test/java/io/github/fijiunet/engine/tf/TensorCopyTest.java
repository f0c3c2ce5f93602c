package io.github.fijiunet.engine.tf;

import io.github.fijiunet.tensor.ArrayPlane;
import io.github.fijiunet.tensor.ChannelScaling;
import io.github.fijiunet.tensor.ImagePlusImgs;
import io.github.fijiunet.tensor.PlaneSource;
import io.github.fijiunet.tensor.PlaneStack;
import io.github.fijiunet.tensor.WindowCopy;
import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tensorflow.Result;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint16;
import org.tensorflow.types.family.TNumber;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TensorCopyTest {

    /** ImageJ's pixel types in hyperstacks of several shapes (channels, slices, frames). */
    static Stream<Arguments> typesAndShapes() {
        List<Arguments> cases = new ArrayList<>();
        for (int bitDepth : new int[] {8, 16, 32}) {
            for (int[] czt : new int[][] {{1, 1, 1}, {3, 1, 1}, {1, 2, 1}, {1, 1, 2}, {3, 2, 2}}) {
                cases.add(Arguments.of(bitDepth, czt[0], czt[1], czt[2]));
            }
        }
        return cases.stream();
    }

    /** A 13x7 hyperstack, blank or with values distinct per position and inside every type's range. */
    private static ImagePlus hyperstack(int bitDepth, int c, int z, int t, boolean filled) {
        ImagePlus imp = IJ.createHyperStack("h", 13, 7, c, z, t, bitDepth);
        for (int i = 1; filled && i <= imp.getStackSize(); i++) {
            ImageProcessor ip = imp.getStack().getProcessor(i);
            for (int y = 0; y < 7; y++) for (int x = 0; x < 13; x++) ip.setf(x, y, (i * 31 + y * 13 + x) % 120);
        }
        return imp;
    }

    @ParameterizedTest(name = "{0}-bit C{1} Z{2} T{3}")
    @MethodSource("typesAndShapes")
    void imageToTensorToImageRoundTrips(int bitDepth, int c, int z, int t) {
        ImagePlus source = hyperstack(bitDepth, c, z, t, true);
        ImagePlus copy = hyperstack(bitDepth, c, z, t, false);
        PlaneStack in = ImagePlusImgs.planes(source);
        PlaneStack out = ImagePlusImgs.planes(copy);
        assertEquals(13, in.width());
        assertEquals(7, in.height());
        assertEquals(c, in.channels());
        assertEquals(z * t, in.planeCount());
        for (int p = 0; p < in.planeCount(); p++) {
            PlaneSource plane = in.plane(p);
            try (TNumber tensor = TensorCopy.toChannelsFirst(plane, 0, 0, 13, 7)) {
                assertEquals(Shape.of(1, plane.channels(), 7, 13), tensor.shape());
                TensorCopy.writeChannelsFirst(tensor, 0, 0, 13, 7, out.plane(p), 0, 0);
            }
        }
        for (int i = 1; i <= source.getStackSize(); i++) {
            assertTrue(Objects.deepEquals(source.getStack().getPixels(i), copy.getStack().getPixels(i)), "stack slice " + i);
        }
    }

    @Test
    void windowsTravelChannelsFirstAndTensorFlowMakesThemNhwc() {
        short[][] channels = new short[2][4 * 3];
        for (int c = 0; c < 2; c++) for (int y = 0; y < 3; y++) for (int x = 0; x < 4; x++) {
            channels[c][y * 4 + x] = (short) (1000 * c + 10 * y + x);
        }
        PlaneSource plane = ArrayPlane.of(ArrayPlane.Kind.UINT16, 4, 3, channels[0], channels[1]);
        ChannelScaling scaling = new ChannelScaling(new float[] {1f, 0.5f}, new float[] {0f, -1f});
        try (TNumber window = TensorCopy.toChannelsFirst(plane, 0, 0, 4, 3);
             TensorConversion conversion = new TensorConversion(ConfigProto.getDefaultInstance());
             Result converted = conversion.toModelInput(window, scaling)) {
            assertEquals(TUint16.class, window.type());
            assertEquals(1021, ((TUint16) window).getShort(0, 1, 2, 1));
            TFloat32 nhwc = (TFloat32) converted.get(0);
            assertEquals(Shape.of(1, 3, 4, 2), nhwc.shape());
            assertEquals(21f, nhwc.getFloat(0, 2, 1, 0));
            assertEquals(1021 * 0.5f - 1, nhwc.getFloat(0, 2, 1, 1));
            try (Result back = conversion.toChannelsFirst(nhwc)) {
                assertEquals(1021 * 0.5f - 1, ((TFloat32) back.get(0)).getFloat(0, 1, 2, 1));
            }
        }
    }

    /** The raw (8/16-bit, float) and converted (RGB) paths, partial and full-width windows. */
    static Stream<Arguments> mirrorCases() {
        return Stream.of(ArrayPlane.Kind.UINT8, ArrayPlane.Kind.FLOAT32, ArrayPlane.Kind.RGB)
                .flatMap(kind -> Stream.of(Arguments.of(kind, -2, new int[] {1, 0, 0, 1, 2, 2, 1, 0}),
                        Arguments.of(kind, 0, new int[] {0, 1, 2}), Arguments.of(kind, 3, new int[] {2, 1, 0, 0}),
                        Arguments.of(kind, -4, new int[] {2, 2, 1})));
    }

    @ParameterizedTest(name = "{0} x0={1}")
    @MethodSource("mirrorCases")
    void windowsPastTheEdgeMirrorTheImage(ArrayPlane.Kind kind, int x0, int[] mirroredX) {
        int w = mirroredX.length;
        int[] values = {1, 2, 3, 4, 5, 6};
        Object pixels = kind == ArrayPlane.Kind.UINT8 ? new byte[6] : kind == ArrayPlane.Kind.FLOAT32 ? new float[6] : new int[6];
        ArrayPlane plane = ArrayPlane.of(kind, 3, 2, pixels);
        for (int y = 0; y < 2; y++) plane.writeRow(0, y, 0, 3, new float[] {values[3 * y], values[3 * y + 1], values[3 * y + 2]}, 0, 1);
        int[] mirroredY = {1, 0, 0, 1, 1};
        try (TNumber t = TensorCopy.toChannelsFirst(plane, x0, -2, w, 5)) {
            assertEquals(kind == ArrayPlane.Kind.RGB ? TFloat32.class : TensorCopy.tensorType(plane), t.type());
            for (int y = 0; y < 5; y++) {
                for (int x = 0; x < w; x++) {
                    int expected = values[3 * mirroredY[y] + mirroredX[x]];
                    assertEquals(expected, ((Number) ((NdArray<?>) t).getObject(0, 0, y, x)).intValue(), "at " + x + "," + y);
                }
            }
        }
    }

    @Test
    void tensorWindowsWriteIntoPartOfATarget() {
        float[] pixels = new float[5 * 4];
        ArrayPlane target = ArrayPlane.of(ArrayPlane.Kind.FLOAT32, 5, 4, (Object) pixels);
        try (TFloat32 t = TFloat32.tensorOf(Shape.of(1, 1, 3, 3))) {
            for (int i = 0; i < 9; i++) t.setFloat(i + 1, 0, 0, i / 3, i % 3);
            TensorCopy.writeChannelsFirst(t, 1, 1, 2, 2, target, 3, 2);
        }
        float[] expected = new float[20];
        expected[2 * 5 + 3] = 5;
        expected[2 * 5 + 4] = 6;
        expected[3 * 5 + 3] = 8;
        expected[3 * 5 + 4] = 9;
        assertArrayEquals(expected, pixels);
    }

    @Test
    void normalisationAndNonFinitePixelsOnTheWayIn() {
        float[] pixels = {0, 10, Float.NaN, Float.POSITIVE_INFINITY};
        ArrayPlane plane = ArrayPlane.of(ArrayPlane.Kind.FLOAT32, 4, 1, (Object) pixels);
        try (TNumber window = TensorCopy.toChannelsFirst(plane, 0, 0, 4, 1);
             TensorConversion conversion = new TensorConversion(ConfigProto.getDefaultInstance());
             Result converted = conversion.toModelInput(window, new ChannelScaling(new float[] {0.1f}, new float[] {-0.5f}))) {
            TFloat32 t = (TFloat32) converted.get(0);
            assertEquals(-0.5f, t.getFloat(0, 0, 0, 0), 1e-7);
            assertEquals(0.5f, t.getFloat(0, 0, 1, 0), 1e-7);
            assertEquals(0f, t.getFloat(0, 0, 2, 0));
            assertEquals(0f, t.getFloat(0, 0, 3, 0));
        }
    }

    @Test
    void classifierBatchesAreNormalisedNhwcFloats() {
        float[] pixels = {0, 10, Float.NaN, 20};
        ArrayPlane plane = ArrayPlane.of(ArrayPlane.Kind.FLOAT32, 2, 2, (Object) pixels);
        float[] batch = new float[8];
        WindowCopy.readNhwc(plane, new ChannelScaling(new float[] {0.1f}, new float[] {-0.5f}), 0, 0, 2, 2, batch, 4);
        try (TFloat32 t = TFloat32.tensorOf(Shape.of(2, 2, 2, 1), DataBuffers.of(batch, true, false))) {
            assertEquals(-0.5f, t.getFloat(1, 0, 0, 0), 1e-7);
            assertEquals(0.5f, t.getFloat(1, 0, 1, 0), 1e-7);
            assertEquals(0f, t.getFloat(1, 1, 0, 0));
            assertEquals(1.5f, t.getFloat(1, 1, 1, 0), 1e-7);
        }
    }

    @Test
    void integerTargetsRoundAndClamp() {
        byte[] pixels = new byte[4];
        ArrayPlane plane = ArrayPlane.of(ArrayPlane.Kind.UINT8, 4, 1, (Object) pixels);
        plane.writeRow(0, 0, 0, 4, new float[] {-3f, 2.5f, 254.6f, 1000f}, 0, 1);
        assertArrayEquals(new byte[] {0, 3, (byte) 255, (byte) 255}, pixels);
    }

    @Test
    void imagePlusHyperstackWrapsWithoutCopy() {
        int w = 6, h = 5, c = 2, z = 3, t = 2;
        ImageStack stack = new ImageStack(w, h);
        Random random = new Random(1);
        for (int i = 0; i < c * z * t; i++) {
            float[] pixels = new float[w * h];
            for (int j = 0; j < pixels.length; j++) pixels[j] = random.nextFloat() * 100;
            stack.addSlice(new FloatProcessor(w, h, pixels));
        }
        ImagePlus imp = new ImagePlus("hyper", stack);
        imp.setDimensions(c, z, t);
        PlaneStack planes = ImagePlusImgs.planes(imp);
        assertEquals(z * t, planes.planeCount());
        float[] row = new float[w];
        for (int ti = 0; ti < t; ti++) for (int zi = 0; zi < z; zi++) for (int ci = 0; ci < c; ci++) {
            float[] expected = (float[]) stack.getPixels(imp.getStackIndex(ci + 1, zi + 1, ti + 1));
            planes.plane(zi + ti * z).readRow(ci, 4, 0, w, row, 0, 1);
            for (int x = 0; x < w; x++) assertEquals(expected[4 * w + x], row[x]);
        }
        // A view, not a copy: writes reach the ImagePlus.
        planes.plane(2 + z).writeRow(1, 1, 1, 1, new float[] {-7f}, 0, 1);
        assertEquals(-7f, ((float[]) stack.getPixels(imp.getStackIndex(2, 3, 2)))[w + 1]);
    }

    @Test
    void rgbReadsAsThreeChannels() {
        ColorProcessor cp = new ColorProcessor(2, 1);
        cp.set(0, 0, 0x102030);
        cp.set(1, 0, 0xff8001);
        ImagePlus imp = new ImagePlus("rgb", cp);
        PlaneSource plane = ImagePlusImgs.planes(imp).plane(0);
        assertEquals(3, plane.channels());
        float[] rgb = new float[6];
        for (int ch = 0; ch < 3; ch++) plane.readRow(ch, 0, 0, 2, rgb, ch, 3);
        assertArrayEquals(new float[] {0x10, 0x20, 0x30, 0xff, 0x80, 0x01}, rgb);
    }
}
