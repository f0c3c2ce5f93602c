package io.github.fijiunet.segment;

import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.Progress;
import io.github.fijiunet.post.LabelPlane;
import io.github.fijiunet.post.ObjectMeasurement;
import io.github.fijiunet.post.ObjectOutline;
import io.github.fijiunet.post.PixelCalibration;
import io.github.fijiunet.tensor.ChannelScaling;
import io.github.fijiunet.tensor.PlaneSource;
import io.github.fijiunet.tensor.PlaneWindow;

/**
 * Segments a plane too large for one piece block by block. Each block is segmented with an
 * overlap of real image around it; an object belongs to the block that holds its centroid, so
 * objects cut by a block border are found whole in their owner's window and counted once.
 * Labels go to a {@link LabelCanvas} (memory or a streamed file) and each object, in whole-plane
 * coordinates, to an {@link ObjectSink}; memory stays bounded by one block.
 */
public final class BlockSegmenter {

    /** Planes above this many pixels are segmented block-wise (a 3-class probability map would take 768 MB). */
    public static final long BLOCKWISE_PIXELS = 1L << 26;
    /** Block edge: a 4096² block with its overlap keeps the working set of post-processing near 1 GB. */
    public static final int BLOCK_SIZE = 4096;
    /**
     * Real image around each block: the model's border effects (its halo, 32 px for the shipped
     * U-Nets) plus objects up to ~190 px across reaching out of the block whole.
     */
    public static final int OVERLAP = 128;

    private final CellSegmenter segmenter;
    private final int blockSize;
    private final int overlap;

    public BlockSegmenter(CellSegmenter segmenter, int blockSize, int overlap) {
        if (blockSize < 1 || overlap < 0) {
            throw new InvalidInputException("Block size must be positive and overlap not negative (got " + blockSize + ", " + overlap + ").");
        }
        this.segmenter = segmenter;
        this.blockSize = blockSize;
        this.overlap = overlap;
    }

    /** Receives each object once, relabelled and placed in the whole plane. */
    public interface ObjectSink {
        void accept(ObjectMeasurement measurement, ObjectOutline outline);
    }

    /** What a block-wise run found. */
    public static final class Summary {
        private final int objects;
        private final int cutObjects;

        public Summary(int objects, int cutObjects) {
            this.objects = objects;
            this.cutObjects = cutObjects;
        }

        public int objectCount() {
            return objects;
        }

        /** Objects that touched their window's inner border: larger than the overlap, possibly cut. */
        public int cutObjectCount() {
            return cutObjects;
        }
    }

    public int blockCount(int width, int height) {
        return ceilDiv(width, blockSize) * ceilDiv(height, blockSize);
    }

    private static int ceilDiv(int a, int b) {
        return (int) (((long) a + b - 1) / b);
    }

    /**
     * Segments {@code plane} (normalised by {@code scaling}, computed once for the whole plane so
     * every block sees the same intensities) into {@code canvas} and {@code sink}.
     */
    public Summary segment(PlaneSource plane, int planeIndex, ChannelScaling scaling, PixelCalibration calibration,
                           LabelCanvas canvas, ObjectSink sink, Progress progress) {
        int width = plane.width();
        int height = plane.height();
        if (canvas.width() != width || canvas.height() != height) {
            throw new IllegalArgumentException("canvas " + canvas.width() + "x" + canvas.height() + " for a " + width + "x" + height + " plane");
        }
        int blocksX = ceilDiv(width, blockSize);
        int blocksY = ceilDiv(height, blockSize);
        int total = blocksX * blocksY;
        int nextLabel = 0;
        int cut = 0;
        for (int by = 0; by < blocksY; by++) {
            for (int bx = 0; bx < blocksX; bx++) {
                progress.checkCancelled();
                int block = by * blocksX + bx;
                progress.update(block, total, "block " + (block + 1) + "/" + total + " (" + nextLabel + " objects so far)");
                int coreX = bx * blockSize;
                int coreY = by * blockSize;
                int coreWidth = Math.min(blockSize, width - coreX);
                int coreHeight = Math.min(blockSize, height - coreY);
                int windowX = Math.max(0, coreX - overlap);
                int windowY = Math.max(0, coreY - overlap);
                int windowWidth = Math.min(width, coreX + coreWidth + overlap) - windowX;
                int windowHeight = Math.min(height, coreY + coreHeight + overlap) - windowY;
                PlaneSegmentation window = segmenter.segmentPlane(new PlaneWindow(plane, windowX, windowY, windowWidth, windowHeight),
                        planeIndex, scaling, calibration, (tile, tiles, message) -> { }, progress);
                LabelPlane labels = window.labels();
                int[] owner = ownedLabels(labels, coreX - windowX, coreY - windowY, coreWidth, coreHeight, nextLabel);
                boolean[] touchesInnerBorder = innerBorderLabels(labels, windowX > 0, windowY > 0,
                        windowX + windowWidth < width, windowY + windowHeight < height);
                for (int label = 1; label < owner.length; label++) {
                    if (owner[label] != 0 && touchesInnerBorder[label]) cut++;
                }
                paint(labels, owner, canvas, windowX, windowY);
                for (int i = 0; i < window.measurements().size(); i++) {
                    ObjectMeasurement m = window.measurements().get(i);
                    ObjectOutline outline = window.outlines().get(i);
                    int global = owner[m.label()];
                    if (global == 0) continue;
                    sink.accept(m.moved(global, windowX * calibration.pixelWidth(), windowY * calibration.pixelHeight()),
                            outline.moved(global, windowX, windowY));
                }
                for (int label = 1; label < owner.length; label++) nextLabel = Math.max(nextLabel, owner[label]);
            }
        }
        progress.update(total, total, nextLabel + " objects");
        return new Summary(nextLabel, cut);
    }

    /**
     * Whole-plane labels (from {@code firstLabel + 1}) of the objects whose pixel centroid lies in
     * the core rectangle, 0 for the others; indexed by window label.
     */
    static int[] ownedLabels(LabelPlane labels, int coreX, int coreY, int coreWidth, int coreHeight, int firstLabel) {
        int max = labels.maxLabel();
        long[] sumX = new long[max + 1];
        long[] sumY = new long[max + 1];
        long[] count = new long[max + 1];
        int[] values = labels.labels();
        int width = labels.width();
        for (int y = 0, i = 0; y < labels.height(); y++) {
            for (int x = 0; x < width; x++, i++) {
                int v = values[i];
                if (v == 0) continue;
                sumX[v] += x;
                sumY[v] += y;
                count[v]++;
            }
        }
        int[] owner = new int[max + 1];
        int next = firstLabel;
        for (int label = 1; label <= max; label++) {
            if (count[label] == 0) continue;
            // Centroid of pixel centres, floored to the pixel that holds it.
            long cx = Math.floorDiv(2 * sumX[label] + count[label], 2 * count[label]);
            long cy = Math.floorDiv(2 * sumY[label] + count[label], 2 * count[label]);
            if (cx >= coreX && cx < coreX + coreWidth && cy >= coreY && cy < coreY + coreHeight) {
                if (next == Integer.MAX_VALUE) {
                    throw new InvalidInputException("More than " + Integer.MAX_VALUE + " objects in one plane; raise the minimum object size.");
                }
                owner[label] = ++next;
            }
        }
        return owner;
    }

    /** Labels touching the window's borders that lie inside the plane (not the plane's own edges). */
    private static boolean[] innerBorderLabels(LabelPlane labels, boolean left, boolean top, boolean right, boolean bottom) {
        boolean[] touches = new boolean[labels.maxLabel() + 1];
        int w = labels.width();
        int h = labels.height();
        int[] values = labels.labels();
        for (int x = 0; x < w; x++) {
            if (top) touches[values[x]] = true;
            if (bottom) touches[values[(h - 1) * w + x]] = true;
        }
        for (int y = 0; y < h; y++) {
            if (left) touches[values[y * w]] = true;
            if (right) touches[values[y * w + w - 1]] = true;
        }
        touches[0] = false;
        return touches;
    }

    private static void paint(LabelPlane labels, int[] owner, LabelCanvas canvas, int windowX, int windowY) {
        int w = labels.width();
        int[] values = labels.labels();
        int[] row = new int[w];
        for (int y = 0; y < labels.height(); y++) {
            boolean any = false;
            for (int x = 0; x < w; x++) {
                row[x] = owner[values[y * w + x]];
                any |= row[x] != 0;
            }
            if (any) canvas.claim(windowY + y, windowX, row, 0, w);
        }
    }
}
