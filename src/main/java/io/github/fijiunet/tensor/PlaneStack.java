package io.github.fijiunet.tensor;

import io.github.fijiunet.InvalidInputException;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.ArrayDataAccess;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.ByteType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.integer.ShortType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedIntType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.DoubleType;
import net.imglib2.type.numeric.real.FloatType;

import java.util.function.IntFunction;

/**
 * An image seen as a sequence of XY(C) planes: every axis besides X, Y and C (Z, T) counts planes,
 * the first one fastest. ArrayImg and PlanarImg of the common pixel types (what ImageJ images wrap
 * to) get {@link ArrayPlane}s over their own arrays; anything else is read through a RandomAccess.
 */
public final class PlaneStack {

    private final int width;
    private final int height;
    private final int channels;
    private final int planeCount;
    private final IntFunction<ImagePlane> planes;

    public PlaneStack(int width, int height, int channels, int planeCount, IntFunction<ImagePlane> planes) {
        this.width = width;
        this.height = height;
        this.channels = channels;
        this.planeCount = planeCount;
        this.planes = planes;
    }

    public static <T extends RealType<T>> PlaneStack of(RandomAccessibleInterval<T> image, Axes axes) {
        if (image.numDimensions() != axes.count()) {
            throw new InvalidInputException("The image has " + image.numDimensions() + " dimensions but the axes \"" + axes
                    + "\" name " + axes.count() + ".");
        }
        long[] dims = image.dimensionsAsLongArray();
        int xDim = axes.indexOf('X');
        int yDim = axes.indexOf('Y');
        int cDim = axes.indexOf('C');
        if (dims[xDim] > Integer.MAX_VALUE || dims[yDim] > Integer.MAX_VALUE || (long) dims[xDim] * dims[yDim] > Integer.MAX_VALUE - 8) {
            throw new InvalidInputException("A single plane of " + dims[xDim] + "x" + dims[yDim]
                    + " pixels exceeds 2^31 pixels; crop or bin the image first.");
        }
        int width = (int) dims[xDim];
        int height = (int) dims[yDim];
        int channels = cDim < 0 ? 1 : (int) dims[cDim];
        int[] planeDims = planeDimensions(axes);
        long planeCount = 1;
        for (int d : planeDims) planeCount *= dims[d];
        if (planeCount > Integer.MAX_VALUE) throw new InvalidInputException("The image has more than 2^31 planes.");

        ArrayPlane.Kind kind = kindOf(image.getType());
        boolean xyFirst = xDim == 0 && yDim == 1;
        IntFunction<ImagePlane> planes;
        if (kind != null && xyFirst && image instanceof ArrayImg && ((ArrayImg<?, ?>) image).update(null) instanceof ArrayDataAccess) {
            Object storage = ((ArrayDataAccess<?>) ((ArrayImg<?, ?>) image).update(null)).getCurrentStorageArray();
            planes = p -> {
                long[] position = planePosition(dims, planeDims, p);
                Object[] arrays = new Object[channels];
                int[] offsets = new int[channels];
                for (int c = 0; c < channels; c++) {
                    if (cDim >= 0) position[cDim] = c;
                    arrays[c] = storage;
                    offsets[c] = (int) linearIndex(dims, position, 0);
                }
                return ArrayPlane.of(kind, width, height, arrays, offsets);
            };
        } else if (kind != null && xyFirst && image instanceof PlanarImg) {
            PlanarImg<?, ?> planar = (PlanarImg<?, ?>) image;
            planes = p -> {
                long[] position = planePosition(dims, planeDims, p);
                Object[] arrays = new Object[channels];
                for (int c = 0; c < channels; c++) {
                    if (cDim >= 0) position[cDim] = c;
                    int slice = (int) linearIndex(dims, position, 2);
                    arrays[c] = ((ArrayDataAccess<?>) planar.getPlane(slice)).getCurrentStorageArray();
                }
                return ArrayPlane.of(kind, width, height, arrays);
            };
        } else {
            long[] min = image.minAsLongArray();
            planes = p -> {
                long[] position = planePosition(dims, planeDims, p);
                for (int d = 0; d < position.length; d++) position[d] += min[d];
                return new ImgPlane<>(image, axes, position);
            };
        }
        return new PlaneStack(width, height, channels, (int) planeCount, planes);
    }

    private static int[] planeDimensions(Axes axes) {
        int[] result = new int[axes.count() - 2 - (axes.has('C') ? 1 : 0)];
        int i = 0;
        for (int d = 0; d < axes.count(); d++) {
            if (d != axes.indexOf('X') && d != axes.indexOf('Y') && d != axes.indexOf('C')) result[i++] = d;
        }
        return result;
    }

    /** Position (0-based) of plane {@code plane}'s origin; X, Y, C left at 0. */
    private static long[] planePosition(long[] dims, int[] planeDims, int plane) {
        long[] position = new long[dims.length];
        long rest = plane;
        for (int d : planeDims) {
            position[d] = rest % dims[d];
            rest /= dims[d];
        }
        return position;
    }

    private static long linearIndex(long[] dims, long[] position, int fromDim) {
        long index = 0;
        for (int d = dims.length - 1; d >= fromDim; d--) index = index * dims[d] + position[d];
        return index;
    }

    /** The array kind for ImgLib2's native types, or null when only the RandomAccess route works. */
    static ArrayPlane.Kind kindOf(Object type) {
        Class<?> c = type.getClass();
        if (c == UnsignedByteType.class) return ArrayPlane.Kind.UINT8;
        if (c == ByteType.class) return ArrayPlane.Kind.INT8;
        if (c == UnsignedShortType.class) return ArrayPlane.Kind.UINT16;
        if (c == ShortType.class) return ArrayPlane.Kind.INT16;
        if (c == UnsignedIntType.class) return ArrayPlane.Kind.UINT32;
        if (c == IntType.class) return ArrayPlane.Kind.INT32;
        if (c == FloatType.class) return ArrayPlane.Kind.FLOAT32;
        if (c == DoubleType.class) return ArrayPlane.Kind.FLOAT64;
        return null;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int channels() {
        return channels;
    }

    public int planeCount() {
        return planeCount;
    }

    /** Plane {@code index}: a fresh accessor, so each thread should ask for its own. */
    public ImagePlane plane(int index) {
        if (index < 0 || index >= planeCount) throw new IndexOutOfBoundsException("plane " + index + " of " + planeCount);
        return planes.apply(index);
    }
}
