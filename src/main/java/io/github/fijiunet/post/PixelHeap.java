package io.github.fijiunet.post;

/**
 * Min-heap of pixel indices keyed by a float priority, ties broken first-in first-out so flooding
 * a plateau advances evenly from all fronts. Keys are unique (priority, then insertion number), so
 * any heap pops them in one order; this one has four children per node (half the depth of a
 * binary heap, a node's children in one cache line). Primitive arrays, no boxing.
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
            int parent = (i - 1) >>> 2;
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
        while (true) {
            int first = 4 * i + 1;
            if (first >= size) break;
            int last = Math.min(first + 4, size);
            int child = first;
            long smallest = keys[first];
            for (int c = first + 1; c < last; c++) {
                if (keys[c] < smallest) {
                    smallest = keys[c];
                    child = c;
                }
            }
            if (key <= smallest) break;
            keys[i] = smallest;
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
