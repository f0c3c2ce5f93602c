package io.github.fijiunet.bench;

import io.github.fijiunet.tensor.ArrayPlane;

import java.util.SplittableRandom;

/**
 * A generated nuclei-like 16-bit image for benchmarks and large-image tests: a dark noisy
 * background with bright round blobs (radius 5–12 px, about one per 2000 pixels). Overlapping
 * blobs merge, so a segmentation finds somewhat fewer objects than {@link #blobs()}.
 */
public final class SyntheticNuclei {

    private final int size;
    private final short[] pixels;
    private final int blobs;

    public SyntheticNuclei(int size, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        this.size = size;
        this.pixels = new short[Math.multiplyExact(size, size)];
        for (int i = 0; i < pixels.length; i++) pixels[i] = (short) (800 + random.nextInt(600));
        this.blobs = (int) ((long) size * size / 2000);
        for (int n = 0; n < blobs; n++) {
            int cx = random.nextInt(size);
            int cy = random.nextInt(size);
            int r = 5 + random.nextInt(8);
            int value = 6000 + random.nextInt(15000);
            for (int y = Math.max(0, cy - r); y < Math.min(size, cy + r); y++) {
                for (int x = Math.max(0, cx - r); x < Math.min(size, cx + r); x++) {
                    if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r) pixels[y * size + x] = (short) value;
                }
            }
        }
    }

    /** The pixels, row-major, unsigned 16-bit. */
    public short[] pixels() {
        return pixels;
    }

    public int blobs() {
        return blobs;
    }

    public ArrayPlane plane() {
        return ArrayPlane.of(ArrayPlane.Kind.UINT16, size, size, (Object) pixels);
    }
}
