package io.github.fijiunet.predict;

import io.github.fijiunet.InvalidOptionException;
import io.github.fijiunet.model.LoadedModel;

/**
 * Tile size and halo for prediction. A tile size of 0 means automatic: the largest window whose
 * network activations fit {@link #memoryBudgetBytes()}, at the model's own bytes per pixel where
 * its descriptor records them ({@link LoadedModel#windowBytesPerPixel()}). Larger windows spend less of the work on halo. A
 * given tile size is rounded up to the model's tile multiple and must be at least
 * {@link #minimumTileSize}. A halo below 0 means the model's own (from its descriptor).
 */
public final class TilingOptions implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    public static final int AUTO = 0;
    public static final int MODEL_HALO = -1;

    /**
     * The smallest tile edge accepted. Each tile costs three TensorFlow runs and its window copies
     * besides its pixels: 1-pixel tiles (65536 windows for a 256² image) took 952 s.
     */
    public static final int MIN_TILE_SIZE = 64;

    public static final TilingOptions DEFAULT = new TilingOptions(AUTO, MODEL_HALO, LoadedModel.WINDOW_MEMORY_BUDGET);

    private final int tileSize;
    private final int halo;
    private final long memoryBudgetBytes;

    public TilingOptions(int tileSize, int halo, long memoryBudgetBytes) {
        if (tileSize != AUTO && tileSize < MIN_TILE_SIZE) {
            throw new InvalidOptionException("Tile size " + tileSize + " is too small: give 0 (automatic) or at least " + MIN_TILE_SIZE
                    + " pixels (smaller tiles spend their time on per-tile work and halo, not on pixels).");
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
        return new TilingOptions(pixels, MODEL_HALO, LoadedModel.WINDOW_MEMORY_BUDGET);
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


    /**
     * The smallest inner tile edge worth running with this halo: {@value #MIN_TILE_SIZE} pixels and
     * twice the halo (so that at least a quarter of each window is tile), in the pooling multiple.
     */
    static int minimumTileSize(int multiple, int effectiveHalo) {
        return TileGrid.roundUp(Math.max(MIN_TILE_SIZE, 2 * effectiveHalo), multiple);
    }

    /** The largest inner tile edge, in the multiple, whose window's activations fit the memory budget; at most 0 when even the halo does not fit. */
    int automaticTileSize(int multiple, int effectiveHalo, long bytesPerWindowPixel) {
        long windowPixels = memoryBudgetBytes / bytesPerWindowPixel;
        int window = (int) Math.sqrt((double) windowPixels) / multiple * multiple;
        return window - 2 * TileGrid.roundUp(effectiveHalo, multiple);
    }

    /**
     * The inner tile edge for a model with this pooling multiple, halo and activation memory per
     * window pixel: the automatic one, or the given one rounded up to the multiple (tiles then
     * line up with the model's pooling grid instead of being split into unaligned strips).
     */
    int resolveTileSize(int multiple, int effectiveHalo, long bytesPerWindowPixel) {
        if (tileSize == AUTO) return automaticTileSize(multiple, effectiveHalo, bytesPerWindowPixel);
        int minimum = minimumTileSize(multiple, effectiveHalo);
        if (tileSize < minimum) {
            throw new InvalidOptionException("Tile size " + tileSize + " is below " + minimum + " px, twice the " + effectiveHalo
                    + " px halo in the model's multiple of " + multiple + ", so most of each window would be halo: give 0 (automatic) or at least "
                    + minimum + ".");
        }
        return tileSize > Integer.MAX_VALUE - multiple ? Integer.MAX_VALUE / multiple * multiple : TileGrid.roundUp(tileSize, multiple);
    }
}
