package io.github.fijiunet.tensor;

/** One 2D plane (X, Y, channels) of a destination image, written a row at a time. */
public interface PlaneTarget {

    int width();

    int height();

    int channels();

    /**
     * Writes {@code length} values {@code src[srcOffset + i * srcStride]} into channel
     * {@code channel}, row {@code y}, from column {@code x}; integer types round and clamp.
     */
    void writeRow(int channel, int y, int x, int length, float[] src, int srcOffset, int srcStride);
}
