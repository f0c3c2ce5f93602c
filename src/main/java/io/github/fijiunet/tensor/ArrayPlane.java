package io.github.fijiunet.tensor;

/**
 * A plane backed by primitive arrays, as ImageJ processors hold them (row-major). Channel {@code c} starts at {@code offsets[c]} of {@code arrays[c]}. No copy is
 * made: reads and writes go straight to the image's own memory.
 */
public final class ArrayPlane implements ImagePlane {

    /** How the array's bits are read as a number. */
    public enum Kind { UINT8, UINT16, FLOAT32, RGB }

    private final Kind kind;
    private final Object[] arrays;
    private final int[] offsets;
    private final int width;
    private final int height;

    private ArrayPlane(Kind kind, Object[] arrays, int[] offsets, int width, int height) {
        this.kind = kind;
        this.arrays = arrays;
        this.offsets = offsets;
        this.width = width;
        this.height = height;
    }

    /**
     * One array per channel, each exactly {@code width * height} long. For {@link Kind#RGB} pass a
     * single packed {@code int[]}: it reads as three channels R, G, B.
     */
    public static ArrayPlane of(Kind kind, int width, int height, Object... channelArrays) {
        return of(kind, width, height, channelArrays, new int[channelArrays.length]);
    }

    /** Channels that live inside larger arrays (an ArrayImg holding XYC...), from the given offsets. */
    public static ArrayPlane of(Kind kind, int width, int height, Object[] arrays, int[] offsets) {
        if (arrays.length == 0 || arrays.length != offsets.length) {
            throw new IllegalArgumentException("need one offset per channel array");
        }
        if (kind == Kind.RGB && arrays.length != 1) throw new IllegalArgumentException("RGB planes are one packed int[]");
        long planeSize = (long) width * height;
        for (int c = 0; c < arrays.length; c++) {
            checkArrayType(kind, arrays[c]);
            long length = java.lang.reflect.Array.getLength(arrays[c]);
            if (offsets[c] < 0 || offsets[c] + planeSize > length) {
                throw new IllegalArgumentException("a " + width + "x" + height + " plane at offset " + offsets[c]
                        + " does not fit an array of length " + length);
            }
        }
        return new ArrayPlane(kind, arrays.clone(), offsets.clone(), width, height);
    }

    private static void checkArrayType(Kind kind, Object array) {
        boolean ok;
        switch (kind) {
            case UINT8: ok = array instanceof byte[]; break;
            case UINT16: ok = array instanceof short[]; break;
            case RGB: ok = array instanceof int[]; break;
            case FLOAT32: ok = array instanceof float[]; break;
            default: ok = false;
        }
        if (!ok) throw new IllegalArgumentException(array.getClass().getSimpleName() + " does not hold " + kind + " pixels");
    }


    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public int channels() {
        return kind == Kind.RGB ? 3 : arrays.length;
    }

    @Override
    public boolean isFloatingPoint() {
        return kind == Kind.FLOAT32;
    }

    /** How this plane's array bits read as numbers. */
    public Kind kind() {
        return kind;
    }

    /**
     * The array holding {@code channel} (the one packed array for {@link Kind#RGB}), for bulk copies
     * into an engine's tensors; pixel (x, y) is at {@link #offset}{@code (channel) + y * width + x}.
     */
    public Object array(int channel) {
        return arrays[kind == Kind.RGB ? 0 : channel];
    }

    /** Where {@code channel}'s plane starts in its {@link #array}. */
    public int offset(int channel) {
        return offsets[kind == Kind.RGB ? 0 : channel];
    }

    // The loops below index with i and a separate strided index only when the stride is not 1, so
    // that the JIT vectorises the common single-channel case.
    @Override
    public void readRow(int channel, int y, int x, int length, float[] dst, int dstOffset, int dstStride) {
        int src = (kind == Kind.RGB ? offsets[0] : offsets[channel]) + y * width + x;
        switch (kind) {
            case UINT8: {
                byte[] a = (byte[]) arrays[channel];
                if (dstStride == 1) for (int i = 0; i < length; i++) dst[dstOffset + i] = a[src + i] & 0xff;
                else for (int i = 0, d = dstOffset; i < length; i++, d += dstStride) dst[d] = a[src + i] & 0xff;
                break;
            }
            case UINT16: {
                short[] a = (short[]) arrays[channel];
                if (dstStride == 1) for (int i = 0; i < length; i++) dst[dstOffset + i] = a[src + i] & 0xffff;
                else for (int i = 0, d = dstOffset; i < length; i++, d += dstStride) dst[d] = a[src + i] & 0xffff;
                break;
            }
            case FLOAT32: {
                float[] a = (float[]) arrays[channel];
                if (dstStride == 1) System.arraycopy(a, src, dst, dstOffset, length);
                else for (int i = 0, d = dstOffset; i < length; i++, d += dstStride) dst[d] = a[src + i];
                break;
            }
            case RGB: {
                int[] a = (int[]) arrays[0];
                int shift = 16 - 8 * channel;
                for (int i = 0, d = dstOffset; i < length; i++, d += dstStride) dst[d] = (a[src + i] >> shift) & 0xff;
                break;
            }
            default:
                throw new AssertionError(kind);
        }
    }

    /**
     * Integer targets round half up and clamp to the type's range; NaN becomes 0 (Java's
     * float-to-int cast of NaN), so integer outputs stay defined.
     */
    @Override
    public void writeRow(int channel, int y, int x, int length, float[] src, int srcOffset, int srcStride) {
        int dst = (kind == Kind.RGB ? offsets[0] : offsets[channel]) + y * width + x;
        switch (kind) {
            case UINT8: {
                byte[] a = (byte[]) arrays[channel];
                if (srcStride == 1) for (int i = 0; i < length; i++) a[dst + i] = (byte) clampUnsigned(src[srcOffset + i], 255);
                else for (int i = 0, s = srcOffset; i < length; i++, s += srcStride) a[dst + i] = (byte) clampUnsigned(src[s], 255);
                break;
            }
            case UINT16: {
                short[] a = (short[]) arrays[channel];
                if (srcStride == 1) for (int i = 0; i < length; i++) a[dst + i] = (short) clampUnsigned(src[srcOffset + i], 65535);
                else for (int i = 0, s = srcOffset; i < length; i++, s += srcStride) a[dst + i] = (short) clampUnsigned(src[s], 65535);
                break;
            }
            case FLOAT32: {
                float[] a = (float[]) arrays[channel];
                if (srcStride == 1) System.arraycopy(src, srcOffset, a, dst, length);
                else for (int i = 0, s = srcOffset; i < length; i++, s += srcStride) a[dst + i] = src[s];
                break;
            }
            case RGB: {
                int[] a = (int[]) arrays[0];
                int shift = 16 - 8 * channel;
                int keep = ~(0xff << shift);
                for (int i = 0, s = srcOffset; i < length; i++, s += srcStride) {
                    a[dst + i] = (a[dst + i] & keep) | (clampUnsigned(src[s], 255) << shift);
                }
                break;
            }
            default:
                throw new AssertionError(kind);
        }
    }

    /** Round half up into [0, max]: the cast truncates toward zero, which equals floor for v + 0.5 >= 0. */
    private static int clampUnsigned(float value, int max) {
        int rounded = (int) (value + 0.5f);
        return rounded < 0 ? 0 : Math.min(rounded, max);
    }
}
