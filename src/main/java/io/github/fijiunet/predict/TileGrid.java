package io.github.fijiunet.predict;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a plane into tiles whose windows a fully convolutional network sees exactly as it would
 * see the same pixels in one pass over the whole (mirror-padded) plane: window origins are
 * multiples of the model's pooling factor, so every max-pool grid lines up, and the halo covers
 * what the network's zero padding at window edges disturbs.
 */
public final class TileGrid {

    private TileGrid() {}

    /** Tiles covering width×height with inner tiles of at most tileWidth×tileHeight. */
    public static List<Tile> plan(int width, int height, int tileWidth, int tileHeight, int halo, int multiple) {
        int[][] columns = axis(width, tileWidth, halo, multiple);
        int[][] rows = axis(height, tileHeight, halo, multiple);
        List<Tile> tiles = new ArrayList<>(columns.length * rows.length);
        for (int[] r : rows) {
            for (int[] c : columns) tiles.add(new Tile(c[0], r[0], c[1], r[1], c[2], r[2], c[3], r[3]));
        }
        return tiles;
    }

    /** Per tile along one axis: {inner start, inner length, window start, window length}. */
    private static int[][] axis(int size, int tileSize, int halo, int multiple) {
        int padded = roundUp(Math.max(size, 1), multiple);
        if (size <= tileSize) {
            return new int[][] {{0, size, 0, padded}};
        }
        int count = (size + tileSize - 1) / tileSize;
        // Equal tiles rather than full ones and a narrow remainder: the same number of windows and
        // halo pixels, but no thin strip, which runs slower per pixel. Aligned to the multiple when that still fits.
        int even = (size + count - 1) / count;
        int step = roundUp(even, multiple) <= tileSize ? roundUp(even, multiple) : even;
        int[][] result = new int[count][];
        for (int i = 0; i < count; i++) {
            int start = i * step;
            int end = Math.min(size, start + step);
            int windowStart = Math.max(0, Math.floorDiv(start - halo, multiple) * multiple);
            int windowEnd = Math.min(padded, roundUp(end + halo, multiple));
            result[i] = new int[] {start, end - start, windowStart, windowEnd - windowStart};
        }
        return result;
    }

    static int roundUp(int value, int multiple) {
        return (int) (((long) value + multiple - 1) / multiple * multiple);
    }
}
