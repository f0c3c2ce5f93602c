package io.github.fijiunet.predict;

import io.github.fijiunet.InvalidInputException;

/**
 * Tile size and halo for prediction. A tile size of 0 means automatic: the largest window that
 * fits {@link #memoryBudgetBytes()} at an estimated {@value #BYTES_PER_WINDOW_PIXEL} bytes of
 * network activations per pixel. A halo below 0 means the model's own (from its descriptor).
 */
public final class TilingOptions {

    public static final int AUTO = 0;
    public static final int MODEL_HALO = -1;

    /**
     * Memory TensorFlow needs per window pixel. Measured: a single 2048×2048 pass of the shipped
     * nuclei-unet (depth 4, 16 filters) peaks at 2.2 GB resident, JVM included, about 400 bytes per
     * pixel; twice that leaves room for 32-filter models.
     */
    public static final long BYTES_PER_WINDOW_PIXEL = 1024;

    public static final long DEFAULT_MEMORY_BUDGET = 2L << 30;

    public static final TilingOptions DEFAULT = new TilingOptions(AUTO, MODEL_HALO, DEFAULT_MEMORY_BUDGET);

    private final int tileSize;
    private final int halo;
    private final long memoryBudgetBytes;

    public TilingOptions(int tileSize, int halo, long memoryBudgetBytes) {
        if (tileSize < 0) {
            throw new InvalidInputException("Tile size must be 0 (automatic) or a positive number of pixels, got " + tileSize + ".");
        }
        if (halo < MODEL_HALO) throw new InvalidInputException("Halo must be -1 (the model's) or at least 0 pixels, got " + halo + ".");
        if (memoryBudgetBytes < (16L << 20)) {
            throw new InvalidInputException("The memory budget for tiles must be at least 16 MB, got " + memoryBudgetBytes + " bytes.");
        }
        this.tileSize = tileSize;
        this.halo = halo;
        this.memoryBudgetBytes = memoryBudgetBytes;
    }

    public static TilingOptions tileSize(int pixels) {
        return new TilingOptions(pixels, MODEL_HALO, DEFAULT_MEMORY_BUDGET);
    }

    public int tileSize() {
        return tileSize;
    }

    public int halo() {
        return halo;
    }

    public long memoryBudgetBytes() {
        return memoryBudgetBytes;
    }


    /** The inner tile edge for a model with this pooling multiple and halo. */
    int resolveTileSize(int multiple, int effectiveHalo) {
        if (tileSize != AUTO) return tileSize;
        long windowPixels = memoryBudgetBytes / BYTES_PER_WINDOW_PIXEL;
        int window = (int) Math.sqrt((double) windowPixels) / multiple * multiple;
        int inner = window - 2 * TileGrid.roundUp(effectiveHalo, multiple);
        return Math.max(multiple, inner / multiple * multiple);
    }
}
