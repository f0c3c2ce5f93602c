package io.github.fijiunet.tensor;

/**
 * One 2D plane (X, Y, channels) of an image, read a row at a time. Reading whole rows keeps the
 * per-pixel work free of virtual calls: implementations loop over primitive arrays.
 */
public interface PlaneSource {

    int width();

    int height();

    int channels();

    /**
     * Copies {@code length} pixels of channel {@code channel}, row {@code y}, starting at column
     * {@code x}, into {@code dst[dstOffset + i * dstStride]} as floats (unsigned types unsigned).
     */
    void readRow(int channel, int y, int x, int length, float[] dst, int dstOffset, int dstStride);

    /**
     * The whole plane this one is a view of (itself unless it is a {@link PlaneWindow}), for
     * statistics that must be those of the whole plane when a block of it is processed.
     */
    default PlaneSource whole() {
        return this;
    }

    /** False when every pixel is finite by construction (integer types): copies skip the NaN/Inf check. */
    default boolean isFloatingPoint() {
        return true;
    }
}
