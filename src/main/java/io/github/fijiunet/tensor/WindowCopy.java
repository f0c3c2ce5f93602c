package io.github.fijiunet.tensor;

/**
 * Reads windows of planes as normalised NHWC floats (classifier samples, training patches).
 * Windows may reach past the plane's edges: those pixels mirror the image (symmetric, edge pixel
 * repeated), which tiling relies on to give the same values as a single pass; an engine's own
 * tensor copies use the same {@link #mirror}.
 */
public final class WindowCopy {

    private WindowCopy() {}

    /** Writes the window at (x0, y0), normalised by {@code scaling}, as h×w×C floats into {@code dst} from {@code dstOffset}. */
    public static void readNhwc(PlaneSource source, ChannelScaling scaling, int x0, int y0, int w, int h, float[] dst, int dstOffset) {
        int channels = source.channels();
        if (scaling.channels() != channels) {
            throw new IllegalArgumentException(scaling.channels() + " scalings for " + channels + " channels");
        }
        int rowFloats = w * channels;
        if (dstOffset < 0 || (long) dstOffset + (long) h * rowFloats > dst.length) {
            throw new IllegalArgumentException("a " + w + "x" + h + "x" + channels + " window does not fit " + dst.length + " floats from " + dstOffset);
        }
        int width = source.width();
        int inStart = Math.min(Math.max(x0, 0), x0 + w);
        int inEnd = Math.max(Math.min(x0 + w, width), inStart);
        for (int y = 0; y < h; y++) {
            int sourceY = mirror(y0 + y, source.height());
            int rowBase = dstOffset + y * rowFloats;
            for (int c = 0; c < channels; c++) {
                if (inEnd > inStart) source.readRow(c, sourceY, inStart, inEnd - inStart, dst, rowBase + (inStart - x0) * channels + c, channels);
                for (int x = x0; x < inStart; x++) source.readRow(c, sourceY, mirror(x, width), 1, dst, rowBase + (x - x0) * channels + c, channels);
                for (int x = inEnd; x < x0 + w; x++) source.readRow(c, sourceY, mirror(x, width), 1, dst, rowBase + (x - x0) * channels + c, channels);
            }
        }
        scale(dst, dstOffset, h * rowFloats, scaling, source.isFloatingPoint());
    }

    private static void scale(float[] values, int from, int n, ChannelScaling scaling, boolean mayBeNonFinite) {
        int channels = scaling.channels();
        int end = from + n;
        for (int c = 0; c < channels; c++) {
            float s = scaling.scale(c);
            float o = scaling.offset(c);
            if (channels == 1) {
                for (int i = from; i < end; i++) values[i] = values[i] * s + o;
            } else {
                for (int i = from + c; i < end; i += channels) values[i] = values[i] * s + o;
            }
        }
        if (mayBeNonFinite) {
            // NaN/Inf pixels would spread through every convolution; feed the background level.
            for (int i = from; i < end; i++) {
                if (!Float.isFinite(values[i])) values[i] = 0f;
            }
        }
    }

    /** Symmetric mirror index into [0, n): -1 → 0, n → n-1; periodic beyond. */
    public static int mirror(int i, int n) {
        int period = 2 * n;
        int m = i % period;
        if (m < 0) m += period;
        return m < n ? m : period - 1 - m;
    }
}
