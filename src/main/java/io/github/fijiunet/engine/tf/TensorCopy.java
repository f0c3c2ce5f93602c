package io.github.fijiunet.engine.tf;

import io.github.fijiunet.engine.ModelWindow;
import io.github.fijiunet.tensor.ArrayPlane;
import io.github.fijiunet.tensor.PlaneSource;
import io.github.fijiunet.tensor.PlaneTarget;
import io.github.fijiunet.tensor.WindowCopy;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.ByteDataBuffer;
import org.tensorflow.ndarray.buffer.FloatDataBuffer;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint16;
import org.tensorflow.types.TUint8;
import org.tensorflow.types.family.TNumber;

import java.util.List;

/**
 * Copies between planes and tensors. Prediction windows travel channels-first ([1, C, h, w]) in
 * the plane's own pixel type where TensorFlow has one (see {@link #tensorType}), so
 * each row is one bulk copy and casting, normalisation and the NHWC layout are left to
 * TensorFlow ({@link TensorConversion}); other pixel types are converted to float row by row.
 * Windows may reach past the plane's edges: those pixels mirror the image as
 * {@link WindowCopy#mirror} says.
 */
public final class TensorCopy {

    private TensorCopy() {}

    /** The element type {@link #toChannelsFirst} uses for this source. */
    public static Class<? extends TNumber> tensorTypeOf(PlaneSource source) {
        Class<? extends TNumber> raw = source instanceof ArrayPlane ? tensorType((ArrayPlane) source) : null;
        return raw != null ? raw : TFloat32.class;
    }

    /** A new [1, C, h, w] tensor of type {@link #tensorTypeOf} holding the window at (x0, y0). */
    public static TNumber toChannelsFirst(PlaneSource source, int x0, int y0, int w, int h) {
        return toChannelsFirst(List.of(new ModelWindow(source, x0, y0, w, h, null)));
    }

    /**
     * A new [n, C, h, w] tensor holding the n windows (of one size, channel count and
     * {@link #tensorTypeOf} type), sample i the i-th window.
     */
    public static TNumber toChannelsFirst(List<ModelWindow> windows) {
        ModelWindow first = windows.get(0);
        TNumber tensor = Tensor.of(tensorTypeOf(first.source()), Shape.of(windows.size(), first.source().channels(), first.height(), first.width()));
        try {
            for (int i = 0; i < windows.size(); i++) {
                ModelWindow w = windows.get(i);
                if (!w.stacksWith(first)) throw new IllegalArgumentException("windows of different sizes in one tensor");
                readChannelsFirst(w.source(), w.x(), w.y(), w.width(), w.height(), tensor, i);
            }
            return tensor;
        } catch (RuntimeException | Error e) {
            tensor.close();
            throw e;
        }
    }

    /** Fills a [1, C, h, w] tensor of type {@link #tensorTypeOf} (reused across calls) with the window at (x0, y0). */
    public static void readChannelsFirst(PlaneSource source, int x0, int y0, int w, int h, TNumber dst) {
        readChannelsFirst(source, x0, y0, w, h, dst, 0);
    }

    /** Fills sample {@code sample} of an [n, C, h, w] tensor of type {@link #tensorTypeOf} with the window at (x0, y0). */
    private static void readChannelsFirst(PlaneSource source, int x0, int y0, int w, int h, TNumber dst, int sample) {
        checkChannelsFirst(dst, sample, source.channels(), h, w);
        ByteDataBuffer bytes = dst.asRawTensor().data();
        long sampleStart = (long) sample * source.channels() * h * w;
        ArrayPlane raw = source instanceof ArrayPlane && tensorType((ArrayPlane) source) != null ? (ArrayPlane) source : null;
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
                copyRowTo(raw, c, y0 + runStart, 0, (runEnd - runStart) * w, bytes, sampleStart + ((long) c * h + runStart) * w);
            }
            for (int y = 0; y < h; y++) {
                if (wholeRows && y >= runStart && y < runEnd) continue;
                int sourceY = WindowCopy.mirror(y0 + y, source.height());
                long rowIndex = sampleStart + ((long) c * h + y) * w;
                if (raw != null) {
                    if (inEnd > inStart) copyRowTo(raw, c, sourceY, inStart, inEnd - inStart, bytes, rowIndex + inStart - x0);
                    for (int x = x0; x < inStart; x++) copyRowTo(raw, c, sourceY, WindowCopy.mirror(x, width), 1, bytes, rowIndex + x - x0);
                    for (int x = inEnd; x < x0 + w; x++) copyRowTo(raw, c, sourceY, WindowCopy.mirror(x, width), 1, bytes, rowIndex + x - x0);
                } else {
                    if (inEnd > inStart) source.readRow(c, sourceY, inStart, inEnd - inStart, stage, inStart - x0, 1);
                    for (int x = x0; x < inStart; x++) source.readRow(c, sourceY, WindowCopy.mirror(x, width), 1, stage, x - x0, 1);
                    for (int x = inEnd; x < x0 + w; x++) source.readRow(c, sourceY, WindowCopy.mirror(x, width), 1, stage, x - x0, 1);
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
        writeChannelsFirst(src, 0, cropX, cropY, w, h, target, targetX, targetY);
    }

    /** As {@link #writeChannelsFirst(TNumber, int, int, int, int, PlaneTarget, int, int)} from sample {@code sample} of an [n, C, H, W] tensor. */
    public static void writeChannelsFirst(TNumber src, int sample, int cropX, int cropY, int w, int h, PlaneTarget target, int targetX,
                                          int targetY) {
        Shape shape = src.shape();
        int channels = target.channels();
        checkChannelsFirst(src, sample, channels, shape.size(2), shape.size(3));
        long srcHeight = shape.size(2);
        long srcWidth = shape.size(3);
        long sampleStart = (long) sample * channels * srcHeight * srcWidth;
        ByteDataBuffer bytes = src.asRawTensor().data();
        ArrayPlane raw = target instanceof ArrayPlane && tensorType((ArrayPlane) target) == src.type() ? (ArrayPlane) target : null;
        if (raw == null && src.type() != TFloat32.class) {
            throw new IllegalArgumentException("a " + src.dataType() + " tensor cannot be written into this target");
        }
        // Whole tensor rows into whole target rows: one contiguous run per channel.
        boolean wholeRows = raw != null && cropX == 0 && targetX == 0 && w == srcWidth && w == target.width();
        float[] stage = raw == null ? new float[w] : null;
        FloatDataBuffer floats = bytes.asFloats();
        for (int c = 0; c < channels; c++) {
            if (wholeRows) {
                copyRowFrom(raw, c, targetY, 0, h * w, bytes, sampleStart + ((long) c * srcHeight + cropY) * srcWidth);
                continue;
            }
            for (int y = 0; y < h; y++) {
                long rowIndex = sampleStart + ((long) c * srcHeight + cropY + y) * srcWidth + cropX;
                if (raw != null) {
                    copyRowFrom(raw, c, targetY + y, targetX, w, bytes, rowIndex);
                } else {
                    floats.offset(rowIndex).read(stage, 0, w);
                    target.writeRow(c, targetY + y, targetX, w, stage, 0, 1);
                }
            }
        }
    }

    private static void checkChannelsFirst(TNumber tensor, int sample, int channels, long h, long w) {
        Shape shape = tensor.shape();
        if (shape.numDimensions() != 4 || sample < 0 || shape.size(0) <= sample || shape.size(1) != channels || shape.size(2) != h
                || shape.size(3) != w) {
            throw new IllegalArgumentException("tensor shape " + shape + " has no sample " + sample + " of [" + channels + ", " + h + ", " + w + "]");
        }
    }

    /**
     * The TensorFlow type whose elements are exactly the plane's pixels (unsigned 8/16-bit and
     * float), so windows move between images and tensors as bulk copies and any conversion runs
     * inside TensorFlow; null for kinds that are converted to float on the way.
     */
    static Class<? extends TNumber> tensorType(ArrayPlane plane) {
        switch (plane.kind()) {
            case UINT8: return TUint8.class;
            case UINT16: return TUint16.class;
            case FLOAT32: return TFloat32.class;
            default: return null;
        }
    }

    /** Bulk-copies pixels from (x, y) on, row-major (a run may span rows), into a {@link #tensorType} tensor from element {@code dstIndex}. */
    private static void copyRowTo(ArrayPlane plane, int channel, int y, int x, int length, ByteDataBuffer dst, long dstIndex) {
        int src = plane.offset(channel) + y * plane.width() + x;
        Object array = plane.array(channel);
        switch (plane.kind()) {
            case UINT8: dst.offset(dstIndex).write((byte[]) array, src, length); break;
            case UINT16: dst.asShorts().offset(dstIndex).write((short[]) array, src, length); break;
            case FLOAT32: dst.asFloats().offset(dstIndex).write((float[]) array, src, length); break;
            default: throw new IllegalStateException(plane.kind() + " planes have no tensor type");
        }
    }

    /** Bulk-copies a {@link #tensorType} tensor's elements from {@code srcIndex} into the pixels from (x, y) on, row-major. */
    private static void copyRowFrom(ArrayPlane plane, int channel, int y, int x, int length, ByteDataBuffer src, long srcIndex) {
        int dst = plane.offset(channel) + y * plane.width() + x;
        Object array = plane.array(channel);
        switch (plane.kind()) {
            case UINT8: src.offset(srcIndex).read((byte[]) array, dst, length); break;
            case UINT16: src.asShorts().offset(srcIndex).read((short[]) array, dst, length); break;
            case FLOAT32: src.asFloats().offset(srcIndex).read((float[]) array, dst, length); break;
            default: throw new IllegalStateException(plane.kind() + " planes have no tensor type");
        }
    }
}
