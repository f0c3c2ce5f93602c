package io.github.fijiunet.tensor;

import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.ByteDataBuffer;
import org.tensorflow.ndarray.buffer.FloatDataBuffer;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TNumber;

/**
 * Copies between planes and tensors. Prediction windows travel channels-first ([1, C, h, w]) in
 * the plane's own pixel type where TensorFlow has one (see {@link ArrayPlane#tensorType()}), so
 * each row is one bulk copy and casting, normalisation and the NHWC layout are left to
 * TensorFlow ({@link TensorConversion}); other pixel types are converted to float row by row.
 * Classifier batches are filled NHWC as normalised floats ({@link #read}). Windows may reach past
 * the plane's edges: those pixels mirror the image (symmetric, edge pixel repeated), which tiling
 * relies on to give the same values as a single pass.
 */
public final class TensorCopy {

    /** Staging size in floats (64 KiB): large enough for bulk copies, small enough to stay in L2. */
    private static final int CHUNK_FLOATS = 1 << 14;

    private TensorCopy() {}

    /** The element type {@link #toChannelsFirst} uses for this source. */
    public static Class<? extends TNumber> tensorTypeOf(PlaneSource source) {
        Class<? extends TNumber> raw = source instanceof ArrayPlane ? ((ArrayPlane) source).tensorType() : null;
        return raw != null ? raw : TFloat32.class;
    }

    /** A new [1, C, h, w] tensor of type {@link #tensorTypeOf} holding the window at (x0, y0). */
    public static TNumber toChannelsFirst(PlaneSource source, int x0, int y0, int w, int h) {
        TNumber tensor = Tensor.of(tensorTypeOf(source), Shape.of(1, source.channels(), h, w));
        try {
            readChannelsFirst(source, x0, y0, w, h, tensor);
            return tensor;
        } catch (RuntimeException | Error e) {
            tensor.close();
            throw e;
        }
    }

    /** Fills a [1, C, h, w] tensor of type {@link #tensorTypeOf} (reused across calls) with the window at (x0, y0). */
    public static void readChannelsFirst(PlaneSource source, int x0, int y0, int w, int h, TNumber dst) {
        checkChannelsFirst(dst, source.channels(), h, w);
        ByteDataBuffer bytes = dst.asRawTensor().data();
        ArrayPlane raw = source instanceof ArrayPlane && ((ArrayPlane) source).tensorType() != null ? (ArrayPlane) source : null;
        if (dst.type() != tensorTypeOf(source)) {
            throw new IllegalArgumentException("a " + dst.dataType() + " tensor for " + tensorTypeOf(source).getSimpleName() + " pixels");
        }
        FloatDataBuffer floats = bytes.asFloats();
        float[] stage = raw == null ? new float[w] : null;
        int width = source.width();
        // Columns [inStart, inEnd) lie inside the image; those before and after mirror it.
        int inStart = Math.min(Math.max(x0, 0), x0 + w);
        int inEnd = Math.max(Math.min(x0 + w, width), inStart);
        // Full-width windows: the rows inside the image are one contiguous run in both arrays.
        boolean wholeRows = raw != null && x0 == 0 && w == width;
        int runStart = Math.max(0, -y0);
        int runEnd = Math.min(h, source.height() - y0);
        for (int c = 0; c < source.channels(); c++) {
            if (wholeRows && runEnd > runStart) {
                raw.copyRowTo(c, y0 + runStart, 0, (runEnd - runStart) * w, bytes, ((long) c * h + runStart) * w);
            }
            for (int y = 0; y < h; y++) {
                if (wholeRows && y >= runStart && y < runEnd) continue;
                int sourceY = mirror(y0 + y, source.height());
                long rowIndex = ((long) c * h + y) * w;
                if (raw != null) {
                    if (inEnd > inStart) raw.copyRowTo(c, sourceY, inStart, inEnd - inStart, bytes, rowIndex + inStart - x0);
                    for (int x = x0; x < inStart; x++) raw.copyRowTo(c, sourceY, mirror(x, width), 1, bytes, rowIndex + x - x0);
                    for (int x = inEnd; x < x0 + w; x++) raw.copyRowTo(c, sourceY, mirror(x, width), 1, bytes, rowIndex + x - x0);
                } else {
                    if (inEnd > inStart) source.readRow(c, sourceY, inStart, inEnd - inStart, stage, inStart - x0, 1);
                    for (int x = x0; x < inStart; x++) source.readRow(c, sourceY, mirror(x, width), 1, stage, x - x0, 1);
                    for (int x = inEnd; x < x0 + w; x++) source.readRow(c, sourceY, mirror(x, width), 1, stage, x - x0, 1);
                    floats.offset(rowIndex).write(stage, 0, w);
                }
            }
        }
    }

    /**
     * Copies the h×w window at (cropX, cropY) of a [1, C, H, W] tensor into {@code target} at
     * (targetX, targetY): bulk row copies when the target's pixels have the tensor's type, float
     * rows converted by the target (rounding, clamping) otherwise.
     */
    public static void writeChannelsFirst(TNumber src, int cropX, int cropY, int w, int h, PlaneTarget target, int targetX, int targetY) {
        Shape shape = src.shape();
        int channels = target.channels();
        checkChannelsFirst(src, channels, shape.size(2), shape.size(3));
        long srcHeight = shape.size(2);
        long srcWidth = shape.size(3);
        ByteDataBuffer bytes = src.asRawTensor().data();
        ArrayPlane raw = target instanceof ArrayPlane && ((ArrayPlane) target).tensorType() == src.type() ? (ArrayPlane) target : null;
        if (raw == null && src.type() != TFloat32.class) {
            throw new IllegalArgumentException("a " + src.dataType() + " tensor cannot be written into this target");
        }
        // Whole tensor rows into whole target rows: one contiguous run per channel.
        boolean wholeRows = raw != null && cropX == 0 && targetX == 0 && w == srcWidth && w == target.width();
        float[] stage = raw == null ? new float[w] : null;
        FloatDataBuffer floats = bytes.asFloats();
        for (int c = 0; c < channels; c++) {
            if (wholeRows) {
                raw.copyRowFrom(c, targetY, 0, h * w, bytes, ((long) c * srcHeight + cropY) * srcWidth);
                continue;
            }
            for (int y = 0; y < h; y++) {
                long rowIndex = ((long) c * srcHeight + cropY + y) * srcWidth + cropX;
                if (raw != null) {
                    raw.copyRowFrom(c, targetY + y, targetX, w, bytes, rowIndex);
                } else {
                    floats.offset(rowIndex).read(stage, 0, w);
                    target.writeRow(c, targetY + y, targetX, w, stage, 0, 1);
                }
            }
        }
    }

    private static void checkChannelsFirst(TNumber tensor, int channels, long h, long w) {
        Shape shape = tensor.shape();
        if (shape.numDimensions() != 4 || shape.size(0) != 1 || shape.size(1) != channels || shape.size(2) != h || shape.size(3) != w) {
            throw new IllegalArgumentException("tensor shape " + shape + " is not [1, " + channels + ", " + h + ", " + w + "]");
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

    /** Symmetric mirror index into [0, n): -1 → 0, n → n-1; periodic beyond. */
    static int mirror(int i, int n) {
        int period = 2 * n;
        int m = i % period;
        if (m < 0) m += period;
        return m < n ? m : period - 1 - m;
    }
}
