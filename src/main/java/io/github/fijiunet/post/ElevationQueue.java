package io.github.fijiunet.post;

/**
 * The watershed's queue: pops pixels in exactly {@link PixelHeap}'s order (elevation, then
 * insertion), from buckets that cut the elevation range into equal parts, each a small heap. All
 * keys of a bucket precede those of the next, and a heap's own insertion order is the global one
 * restricted to it, so the order is the same; but a pop works on a heap of a few thousand entries
 * instead of the whole flooding front (a million for a 4096² plane, most of them the boundary
 * class waiting near elevation 1), which the processor's caches hold.
 */
final class ElevationQueue {

    /** The most buckets a queue uses (for a whole plane); a small region takes fewer, so that finding its next bucket stays cheap. */
    static final int BUCKETS = 1 << 16;

    private final float min;
    private final float max;
    private final PixelHeap[] heaps = new PixelHeap[BUCKETS];
    private int buckets;
    private double low;
    private double scale;
    private int current;
    private int size;

    /** For priorities in [{@code min}, {@code max}]; infinite and NaN ones go into the end buckets, still in order. */
    ElevationQueue(float min, float max) {
        this.min = min;
        this.max = max;
        reset(BUCKETS);
    }

    /** Empties nothing (the queue must be empty) but starts over with {@code count} buckets, for a flood of about that many times 4 pixels. */
    void reset(int count) {
        buckets = Math.max(1, Math.min(BUCKETS, count));
        boolean range = Float.isFinite(min) && Float.isFinite(max) && max > min && buckets > 1;
        low = range ? min : 0;
        scale = range ? (buckets - 1) / ((double) max - min) : 0;
        current = buckets;
    }

    boolean isEmpty() {
        return size == 0;
    }

    void push(int pixel, float priority) {
        int b = bucket(priority);
        PixelHeap heap = heaps[b];
        if (heap == null) heap = heaps[b] = new PixelHeap(16);
        heap.push(pixel, priority);
        if (b < current) current = b;
        size++;
    }

    int pop() {
        while (heaps[current] == null || heaps[current].isEmpty()) current++;
        size--;
        return heaps[current].pop();
    }

    private int bucket(float priority) {
        if (scale == 0) return 0;
        if (!(priority >= low)) return priority < low ? 0 : buckets - 1; // below the range (-inf), or NaN (sorts last)
        double b = (priority - low) * scale;
        return b >= buckets - 1 ? buckets - 1 : (int) b;
    }
}
