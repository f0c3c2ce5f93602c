package io.github.fijiunet.tensor;

import java.util.function.IntFunction;

/**
 * An image seen as a sequence of XY(C) planes (one per Z, T position), each read or written on
 * demand; {@link ImagePlusImgs#planes} makes one over an ImagePlus' own pixel arrays.
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
