package io.github.fijiunet.post;

import io.github.fijiunet.InvalidInputException;
import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import java.util.Arrays;

/** Copies ImgLib2 planes into primitive arrays once, so the algorithms run on plain arrays. */
public final class Planes {

    private Planes() {}

    /** Copies a 2D real image (any origin) into a row-major float array. */
    public static float[] toFloats(RandomAccessibleInterval<? extends RealType<?>> plane) {
        requirePlane(plane, "image");
        float[] values = new float[pixelCount(plane.dimension(0), plane.dimension(1))];
        Cursor<? extends RealType<?>> c = Views.flatIterable(plane).cursor();
        for (int i = 0; i < values.length; i++) values[i] = c.next().getRealFloat();
        return values;
    }

    /**
     * Channel {@code c} of one probability plane as a row-major array ({@link #toFloats} of
     * {@link #channel}); for the array images segmentation makes, a copy of the channel's slice
     * of the backing array, without a cursor over its pixels.
     */
    public static float[] channelFloats(RandomAccessibleInterval<FloatType> probabilities, int c) {
        int channels = channelCount(probabilities);
        if (probabilities instanceof ArrayImg && c >= 0 && c < channels) {
            Object access = ((ArrayImg<?, ?>) probabilities).update(null);
            if (access instanceof FloatArray) {
                int n = pixelCount(probabilities.dimension(0), probabilities.dimension(1));
                return Arrays.copyOfRange(((FloatArray) access).getCurrentStorageArray(), c * n, (c + 1) * n);
            }
        }
        return toFloats(channel(probabilities, c));
    }

    /**
     * Channel {@code c} of one probability plane: XY images have the single channel 0, XYC images
     * keep the channel in the last dimension.
     */
    public static <T extends RealType<T>> RandomAccessibleInterval<T> channel(RandomAccessibleInterval<T> probabilities, int c) {
        int channels = channelCount(probabilities);
        if (c < 0 || c >= channels) {
            throw new InvalidInputException("Channel " + c + " does not exist: the probability image has " + channels + " channel(s).");
        }
        return probabilities.numDimensions() == 2 ? probabilities : Views.hyperSlice(probabilities, 2, probabilities.min(2) + c);
    }

    /** 1 for an XY plane, the size of the last dimension for XYC. */
    public static int channelCount(RandomAccessibleInterval<?> probabilities) {
        int n = probabilities.numDimensions();
        if (n == 2) return 1;
        if (n == 3) return (int) probabilities.dimension(2);
        throw new InvalidInputException("A probability plane must be XY or XYC (channel last), got " + n
                + " dimensions. Pass one plane at a time, or use the stack method with the plane dimension.");
    }

    static void requirePlane(RandomAccessibleInterval<?> plane, String what) {
        if (plane.numDimensions() != 2) {
            throw new InvalidInputException("The " + what + " must be a single 2D plane, got " + plane.numDimensions() + " dimensions.");
        }
    }

    static int pixelCount(long width, long height) {
        long n = width * height;
        if (width < 1 || height < 1) throw new InvalidInputException("The image plane is empty (" + width + "x" + height + ").");
        if (n > Integer.MAX_VALUE - 8) {
            throw new InvalidInputException("A plane of " + width + "x" + height + " pixels is too large (limit 2^31 pixels per plane); crop or tile it.");
        }
        return (int) n;
    }
}
