package io.github.fijiunet.post;

import io.github.fijiunet.InvalidInputException;
import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.view.Views;

/**
 * One 2D plane of integer labels (0 = background) held as a row-major {@code int[]}, the form
 * every post-processing step works on. {@link #maxLabel()} is the largest label present or
 * possible (after relabelling it is the object count).
 */
public final class LabelPlane {

    private final int width;
    private final int height;
    private final int[] labels;
    private final int maxLabel;

    public LabelPlane(int width, int height, int[] labels, int maxLabel) {
        if (labels.length != (long) width * height) {
            throw new IllegalArgumentException("labels has " + labels.length + " entries, expected " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
        this.labels = labels;
        this.maxLabel = maxLabel;
    }

    /** Wraps a label array and finds its largest label. */
    public static LabelPlane of(int width, int height, int[] labels) {
        int max = 0;
        for (int v : labels) {
            if (v < 0) throw new InvalidInputException("Label images must not contain negative labels (found " + v + ").");
            if (v > max) max = v;
        }
        return new LabelPlane(width, height, labels, max);
    }

    /** Copies a 2D integer image (any interval origin) into a label plane. */
    public static LabelPlane copyOf(RandomAccessibleInterval<? extends IntegerType<?>> plane) {
        Planes.requirePlane(plane, "label image");
        int w = (int) plane.dimension(0);
        int h = (int) plane.dimension(1);
        int[] labels = new int[Planes.pixelCount(w, h)];
        Cursor<? extends IntegerType<?>> c = Views.flatIterable(plane).cursor();
        for (int i = 0; i < labels.length; i++) labels[i] = c.next().getInteger();
        return of(w, h, labels);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The live row-major label array (index {@code y * width + x}). */
    public int[] labels() {
        return labels;
    }

    public int maxLabel() {
        return maxLabel;
    }

    public int get(int x, int y) {
        return labels[y * width + x];
    }

    /** A view of this plane as an ImgLib2 image sharing the same array. */
    public ArrayImg<IntType, IntArray> asImg() {
        return ArrayImgs.ints(labels, width, height);
    }
}
