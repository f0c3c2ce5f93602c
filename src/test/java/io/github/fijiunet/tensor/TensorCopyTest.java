package io.github.fijiunet.tensor;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgFactory;
import net.imglib2.img.cell.CellImgFactory;
import net.imglib2.img.planar.PlanarImgFactory;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.ByteType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.integer.ShortType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedIntType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.DoubleType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tensorflow.Result;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint16;
import org.tensorflow.types.family.TNumber;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class TensorCopyTest {

    static Stream<Arguments> typesAndAxes() {
        List<NativeType<?>> types = List.of(new UnsignedByteType(), new ByteType(), new UnsignedShortType(), new ShortType(),
                new UnsignedIntType(), new IntType(), new FloatType(), new DoubleType());
        List<Arguments> cases = new ArrayList<>();
        for (NativeType<?> type : types) {
            for (String axes : List.of("XY", "XYC", "XYZ", "XYCZT", "CXY", "YXC")) {
                for (String storage : List.of("array", "planar", "cell")) cases.add(Arguments.of(type, axes, storage));
            }
        }
        return cases.stream();
    }

    /** Dimensions for the axes: X=13, Y=7, C=3, Z=2, T=2. */
    private static long[] dims(Axes axes) {
        long[] dims = new long[axes.count()];
        long[] sizes = {13, 7, 3, 2, 2};
        for (int d = 0; d < dims.length; d++) dims[d] = sizes["XYCZT".indexOf(axes.toString().charAt(d))];
        return dims;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <T extends RealType<T> & NativeType<T>> Img<T> create(T type, long[] dims, String storage) {
        switch (storage) {
            case "array": return new ArrayImgFactory<>(type).create(dims);
            case "planar": return new PlanarImgFactory<>(type).create(dims);
            default: return new CellImgFactory<>(type, 5).create(dims);
        }
    }

    /** Values inside every type's range, distinct per position. */
    private static double valueAt(long[] position, RealType<?> type) {
        long v = 0;
        for (long p : position) v = v * 31 + p;
        return type.getMinValue() < 0 ? (v % 101) - 50 : v % 120;
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("typesAndAxes")
    @SuppressWarnings({"unchecked", "rawtypes"})
    <T extends RealType<T> & NativeType<T>> void imageToTensorToImageRoundTrips(T type, String axesText, String storage) {
        Axes axes = Axes.of(axesText);
        long[] dims = dims(axes);
        Img<T> source = create(type, dims, storage);
        var cursor = source.localizingCursor();
        long[] position = new long[dims.length];
        while (cursor.hasNext()) {
            cursor.fwd();
            cursor.localize(position);
            cursor.get().setReal(valueAt(position, type));
        }
        Img<T> copy = create(type, dims, storage);
        PlaneStack in = PlaneStack.of(source, axes);
        PlaneStack out = PlaneStack.of(copy, axes);
        assertEquals(13, in.width());
        assertEquals(7, in.height());
        assertEquals(axes.has('C') ? 3 : 1, in.channels());
        for (int p = 0; p < in.planeCount(); p++) {
            PlaneSource plane = in.plane(p);
            try (TNumber tensor = TensorCopy.toChannelsFirst(plane, 0, 0, 13, 7)) {
                assertEquals(Shape.of(1, plane.channels(), 7, 13), tensor.shape());
                TensorCopy.writeChannelsFirst(tensor, 0, 0, 13, 7, out.plane(p), 0, 0);
            }
        }
        var a = source.cursor();
        var b = copy.cursor();
        while (a.hasNext()) assertEquals(a.next().getRealDouble(), b.next().getRealDouble(), 0.0);
    }

    @Test
    void windowsTravelChannelsFirstAndTensorFlowMakesThemNhwc() {
        Img<UnsignedShortType> img = new ArrayImgFactory<>(new UnsignedShortType()).create(4, 3, 2);
        RandomAccess<UnsignedShortType> ra = img.randomAccess();
        for (int c = 0; c < 2; c++) for (int y = 0; y < 3; y++) for (int x = 0; x < 4; x++) {
            ra.setPositionAndGet(x, y, c).set(1000 * c + 10 * y + x);
        }
        PlaneSource plane = PlaneStack.of(img, Axes.of("XYC")).plane(0);
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

    /** The raw (8/16-bit, float) and converted (other types) paths, partial and full-width windows. */
    static Stream<Arguments> mirrorCases() {
        return Stream.of(ArrayPlane.Kind.UINT8, ArrayPlane.Kind.FLOAT32, ArrayPlane.Kind.INT16)
                .flatMap(kind -> Stream.of(Arguments.of(kind, -2, new int[] {1, 0, 0, 1, 2, 2, 1, 0}),
                        Arguments.of(kind, 0, new int[] {0, 1, 2}), Arguments.of(kind, 3, new int[] {2, 1, 0, 0}),
                        Arguments.of(kind, -4, new int[] {2, 2, 1})));
    }

    @ParameterizedTest(name = "{0} x0={1}")
    @MethodSource("mirrorCases")
    void windowsPastTheEdgeMirrorTheImage(ArrayPlane.Kind kind, int x0, int[] mirroredX) {
        int w = mirroredX.length;
        int[] values = {1, 2, 3, 4, 5, 6};
        Object pixels = kind == ArrayPlane.Kind.UINT8 ? new byte[6] : kind == ArrayPlane.Kind.FLOAT32 ? new float[6] : new short[6];
        ArrayPlane plane = ArrayPlane.of(kind, 3, 2, pixels);
        for (int y = 0; y < 2; y++) plane.writeRow(0, y, 0, 3, new float[] {values[3 * y], values[3 * y + 1], values[3 * y + 2]}, 0, 1);
        int[] mirroredY = {1, 0, 0, 1, 1};
        try (TNumber t = TensorCopy.toChannelsFirst(plane, x0, -2, w, 5)) {
            assertEquals(kind == ArrayPlane.Kind.INT16 ? TFloat32.class : plane.tensorType(), t.type());
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
        try (TFloat32 t = TFloat32.tensorOf(Shape.of(2, 2, 2, 1))) {
            TensorCopy.read(plane, new ChannelScaling(new float[] {0.1f}, new float[] {-0.5f}), 0, 0, 2, 2, t.asRawTensor().data().asFloats(), 4);
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
        RandomAccessibleInterval<FloatType> img = ImagePlusImgs.wrap(imp);
        PlaneStack planes = ImagePlusImgs.planes(imp);
        assertEquals(z * t, planes.planeCount());
        RandomAccess<FloatType> ra = img.randomAccess();
        float[] row = new float[w];
        for (int ti = 0; ti < t; ti++) for (int zi = 0; zi < z; zi++) for (int ci = 0; ci < c; ci++) {
            float[] expected = (float[]) stack.getPixels(imp.getStackIndex(ci + 1, zi + 1, ti + 1));
            planes.plane(zi + ti * z).readRow(ci, 4, 0, w, row, 0, 1);
            for (int x = 0; x < w; x++) {
                assertEquals(expected[4 * w + x], row[x]);
                assertEquals(expected[4 * w + x], ra.setPositionAndGet(x, 4, ci, zi, ti).get());
            }
        }
        // A view, not a copy: writes reach the ImagePlus.
        ra.setPositionAndGet(1, 1, 1, 2, 1).set(-7f);
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
        RandomAccessibleInterval<UnsignedByteType> img = ImagePlusImgs.wrap(imp);
        assertEquals(3, img.dimension(2));
        assertEquals(0x80, img.randomAccess().setPositionAndGet(1, 0, 1, 0, 0).get());
        assertEquals(0x30, Views.hyperSlice(img, 2, 2).randomAccess().setPositionAndGet(0, 0, 0, 0).get());
    }
}
