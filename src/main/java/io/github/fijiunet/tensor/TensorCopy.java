package io.github.fijiunet.tensor;

import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.FloatDataBuffer;
import org.tensorflow.types.TFloat32;

/**
 * Copies between planes and NHWC float32 tensors. Rows move in chunks through a small staging
 * array that stays in cache, then in one bulk copy into (or out of) the tensor's native memory.
 * Windows may reach past the plane's edges: those pixels mirror the image (symmetric, edge pixel
 * repeated), which tiling relies on to give the same values as a single pass.
 */
public final class TensorCopy {

    /** Staging size in floats (64 KiB): large enough for bulk copies, small enough to stay in L2. */
    private static final int CHUNK_FLOATS = 1 << 14;

    private TensorCopy() {}

    /** A new [1, h, w, C] tensor holding the window at (x0, y0), normalised by {@code scaling}. */
    public static TFloat32 toTensor(PlaneSource source, ChannelScaling scaling, int x0, int y0, int w, int h) {
        TFloat32 tensor = TFloat32.tensorOf(Shape.of(1, h, w, source.channels()));
        try {
            read(source, scaling, x0, y0, w, h, tensor.asRawTensor().data().asFloats(), 0);
            return tensor;
        } catch (RuntimeException | Error e) {
            tensor.close();
            throw e;
        }
    }

    /** Writes the window at (x0, y0) as h×w×C floats into {@code dst} from index {@code dstOffset}. */
    public static void read(PlaneSource source, ChannelScaling scaling, int x0, int y0, int w, int h,
                            FloatDataBuffer dst, long dstOffset) {
        int channels = source.channels();
        if (scaling.channels() != channels) {
            throw new IllegalArgumentException(scaling.channels() + " scalings for " + channels + " channels");
        }
        int rowFloats = w * channels;
        int rowsPerChunk = Math.max(1, CHUNK_FLOATS / rowFloats);
        float[] stage = new float[Math.min(rowsPerChunk, h) * rowFloats];
        int width = source.width();
        int inStart = Math.max(x0, 0);
        int inEnd = Math.min(x0 + w, width);
        for (int chunkY = 0; chunkY < h; chunkY += rowsPerChunk) {
            int rows = Math.min(rowsPerChunk, h - chunkY);
            for (int r = 0; r < rows; r++) {
                int sourceY = mirror(y0 + chunkY + r, source.height());
                int rowBase = r * rowFloats;
                for (int c = 0; c < channels; c++) {
                    if (inEnd > inStart) {
                        source.readRow(c, sourceY, inStart, inEnd - inStart, stage, rowBase + (inStart - x0) * channels + c, channels);
                    }
                    for (int x = x0; x < x0 + w; x++) {
                        if (x >= inStart && x < inEnd) {
                            x = inEnd - 1;
                            continue;
                        }
                        source.readRow(c, sourceY, mirror(x, width), 1, stage, rowBase + (x - x0) * channels + c, channels);
                    }
                }
            }
            int n = rows * rowFloats;
            scale(stage, n, scaling, source.isFloatingPoint());
            dst.offset(dstOffset + (long) chunkY * rowFloats).write(stage, 0, n);
        }
    }

    private static void scale(float[] values, int n, ChannelScaling scaling, boolean mayBeNonFinite) {
        int channels = scaling.channels();
        if (channels == 1) {
            float s = scaling.scale(0);
            float o = scaling.offset(0);
            for (int i = 0; i < n; i++) values[i] = values[i] * s + o;
        } else {
            for (int c = 0; c < channels; c++) {
                float s = scaling.scale(c);
                float o = scaling.offset(c);
                for (int i = c; i < n; i += channels) values[i] = values[i] * s + o;
            }
        }
        if (mayBeNonFinite) {
            // NaN/Inf pixels would spread through every convolution; feed the background level.
            for (int i = 0; i < n; i++) {
                if (!Float.isFinite(values[i])) values[i] = 0f;
            }
        }
    }

    /**
     * Copies the h×w window at (cropX, cropY) of an NHWC tensor buffer (image {@code batch} of
     * size srcHeight×srcWidth) into {@code target} at (targetX, targetY).
     */
    public static void write(FloatDataBuffer src, int batch, int srcHeight, int srcWidth, int channels,
                             int cropX, int cropY, int w, int h, PlaneTarget target, int targetX, int targetY) {
        if (target.channels() != channels) {
            throw new IllegalArgumentException("target has " + target.channels() + " channels, tensor " + channels);
        }
        int rowFloats = w * channels;
        float[] stage = new float[rowFloats];
        long imageBase = (long) batch * srcHeight * srcWidth * channels;
        for (int y = 0; y < h; y++) {
            long rowStart = imageBase + ((long) (cropY + y) * srcWidth + cropX) * channels;
            src.offset(rowStart).read(stage, 0, rowFloats);
            for (int c = 0; c < channels; c++) target.writeRow(c, targetY + y, targetX, w, stage, c, channels);
        }
    }

    /** Symmetric mirror index into [0, n): -1 → 0, n → n-1; periodic beyond. */
    static int mirror(int i, int n) {
        int period = 2 * n;
        int m = i % period;
        if (m < 0) m += period;
        return m < n ? m : period - 1 - m;
    }
}
