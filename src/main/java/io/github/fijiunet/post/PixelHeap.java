package io.github.fijiunet.post;

/**
 * Binary min-heap of pixel indices keyed by a float priority, ties broken first-in first-out so
 * flooding a plateau advances evenly from all fronts. Primitive arrays, no boxing.
 */
final class PixelHeap {

    private long[] keys;
    private int[] pixels;
    private int size;
    private long sequence;

    PixelHeap(int initialCapacity) {
        keys = new long[Math.max(16, initialCapacity)];
        pixels = new int[keys.length];
    }

    boolean isEmpty() {
        return size == 0;
    }

    void push(int pixel, float priority) {
        if (size == keys.length) {
            int capacity = (int) Math.min(Integer.MAX_VALUE - 8, 2L * size);
            keys = java.util.Arrays.copyOf(keys, capacity);
            pixels = java.util.Arrays.copyOf(pixels, capacity);
        }
        long key = ((long) sortableBits(priority) << 32) | (sequence++ & 0xffffffffL);
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (keys[parent] <= key) break;
            keys[i] = keys[parent];
            pixels[i] = pixels[parent];
            i = parent;
        }
        keys[i] = key;
        pixels[i] = pixel;
    }

    int pop() {
        int top = pixels[0];
        long key = keys[--size];
        int pixel = pixels[size];
        int i = 0;
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            if (child + 1 < size && keys[child + 1] < keys[child]) child++;
            if (key <= keys[child]) break;
            keys[i] = keys[child];
            pixels[i] = pixels[child];
            i = child;
        }
        keys[i] = key;
        pixels[i] = pixel;
        return top;
    }

    /** An int whose signed order equals the float order (NaN sorts last). */
    static int sortableBits(float value) {
        int bits = Float.floatToIntBits(value);
        return bits ^ ((bits >> 31) & 0x7fffffff);
    }
}
