package io.github.fijiunet.predict;

import io.github.fijiunet.InvalidOptionException;

/**
 * Tile size and halo for prediction. A tile size of 0 means automatic: the largest window whose
 * network activations fit {@link #memoryBudgetBytes()}, at the model's own bytes per pixel where
 * its descriptor records them ({@link io.github.fijiunet.model.LoadedModel#activationBytesPerPixel()}),
 * else {@value #UNKNOWN_MODEL_BYTES_PER_PIXEL}. Larger windows spend less of the work on halo. A
 * halo below 0 means the model's own (from its descriptor).
 */
public final class TilingOptions {

    public static final int AUTO = 0;
    public static final int MODEL_HALO = -1;

    /**
     * Memory per window pixel assumed for models whose descriptor does not say: enough for a
     * 16-filter U-Net++ (measured 729 bytes per pixel) or a 32-filter U-Net.
     */
    public static final long UNKNOWN_MODEL_BYTES_PER_PIXEL = 1024;

    public static final long DEFAULT_MEMORY_BUDGET = 2L << 30;

    public static final TilingOptions DEFAULT = new TilingOptions(AUTO, MODEL_HALO, DEFAULT_MEMORY_BUDGET);

    private final int tileSize;
    private final int halo;
    private final long memoryBudgetBytes;

    public TilingOptions(int tileSize, int halo, long memoryBudgetBytes) {
        if (tileSize < 0) {
            throw new InvalidOptionException("Tile size must be 0 (automatic) or a positive number of pixels, got " + tileSize + ".");
        }
        if (halo < MODEL_HALO) throw new InvalidOptionException("Halo must be -1 (the model's) or at least 0 pixels, got " + halo + ".");
        if (memoryBudgetBytes < (16L << 20)) {
            throw new InvalidOptionException("The memory budget for tiles must be at least 16 MB, got " + memoryBudgetBytes + " bytes.");
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


    /** The inner tile edge for a model with this pooling multiple, halo and activation memory per window pixel. */
    int resolveTileSize(int multiple, int effectiveHalo, long bytesPerWindowPixel) {
        if (tileSize != AUTO) return tileSize;
        long windowPixels = memoryBudgetBytes / bytesPerWindowPixel;
        int window = (int) Math.sqrt((double) windowPixels) / multiple * multiple;
        int inner = window - 2 * TileGrid.roundUp(effectiveHalo, multiple);
        return Math.max(multiple, inner / multiple * multiple);
    }
}
