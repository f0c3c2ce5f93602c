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

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

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
    /**
     * Heaps of this size or more post-process each block while the next is predicted
     * ({@link Overlap}); that holds two blocks' working sets (about 1.3 GB) instead of one, which a
     * 2 GB heap streaming a huge plane cannot spare.
     */
    static final long OVERLAP_HEAP_BYTES = 3L << 30;

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
        return blockCount(width, height, blockSize);
    }

    /** Blocks of {@code blockSize} a {@code width}×{@code height} plane is split into. */
    public static int blockCount(int width, int height, int blockSize) {
        return ceilDiv(width, blockSize) * ceilDiv(height, blockSize);
    }

    private static int ceilDiv(int a, int b) {
        return (int) (((long) a + b - 1) / b);
    }

    /**
     * Segments {@code plane} (normalised by {@code scaling}, computed once for the whole plane so
     * every block sees the same intensities) into {@code canvas} and {@code sink}: each block in
     * turn, its objects numbered after those of the blocks before it.
     */
    public Summary segment(PlaneSource plane, int planeIndex, ChannelScaling scaling, PixelCalibration calibration,
                           LabelCanvas canvas, ObjectSink sink, Progress progress) {
        if (canvas.width() != plane.width() || canvas.height() != plane.height()) {
            throw new IllegalArgumentException("canvas " + canvas.width() + "x" + canvas.height() + " for a " + plane.width() + "x" + plane.height() + " plane");
        }
        int total = blockCount(plane.width(), plane.height());
        int[] objects = {0};
        int[] cut = {0};
        java.util.function.Consumer<Block> placeNext = result -> {
            place(result, objects[0], canvas, sink);
            objects[0] += result.objectCount();
            cut[0] += result.cutObjectCount();
        };
        boolean overlapped = total > 1 && Runtime.getRuntime().maxMemory() >= OVERLAP_HEAP_BYTES;
        try (Overlap<Block> post = new Overlap<>()) {
            for (int block = 0; block < total; block++) {
                progress.checkCancelled();
                progress.update(block, total, "block " + (block + 1) + "/" + total + " (" + objects[0] + " objects so far)");
                Window window = window(plane, block);
                CellSegmenter.Predicted predicted = predictBlock(plane, window, planeIndex, scaling, progress);
                if (!overlapped) {
                    placeNext.accept(finishBlock(window, predicted, calibration, progress));
                    continue;
                }
                Block previous = post.submit(() -> finishBlock(window, predicted, calibration, progress));
                if (previous != null) placeNext.accept(previous);
            }
            Block last = post.finish();
            if (last != null) placeNext.accept(last);
        }
        progress.update(total, total, objects[0] + " objects");
        return new Summary(objects[0], cut[0]);
    }

    /**
     * Block {@code block} (row-major, {@link #blockCount} in all) of {@code plane}, segmented in its
     * window on its own: what {@link #segment} does for one block, for callers that run blocks
     * apart (a Spark task each) and {@link #place} them in block order afterwards.
     */
    public Block segmentBlock(PlaneSource plane, int block, int planeIndex, ChannelScaling scaling, PixelCalibration calibration,
                              Progress progress) {
        Window window = window(plane, block);
        return finishBlock(window, predictBlock(plane, window, planeIndex, scaling, progress), calibration, progress);
    }

    /** A block's core (the pixels it owns) and its window (the core with the overlap, within the plane). */
    private static final class Window {
        final int coreX;
        final int coreY;
        final int coreWidth;
        final int coreHeight;
        final int x;
        final int y;
        final int width;
        final int height;
        final int planeWidth;
        final int planeHeight;

        Window(int coreX, int coreY, int coreWidth, int coreHeight, int overlap, int planeWidth, int planeHeight) {
            this.coreX = coreX;
            this.coreY = coreY;
            this.coreWidth = coreWidth;
            this.coreHeight = coreHeight;
            this.x = Math.max(0, coreX - overlap);
            this.y = Math.max(0, coreY - overlap);
            this.width = Math.min(planeWidth, coreX + coreWidth + overlap) - x;
            this.height = Math.min(planeHeight, coreY + coreHeight + overlap) - y;
            this.planeWidth = planeWidth;
            this.planeHeight = planeHeight;
        }
    }

    private Window window(PlaneSource plane, int block) {
        int width = plane.width();
        int height = plane.height();
        int blocksX = ceilDiv(width, blockSize);
        if (block < 0 || block >= blockCount(width, height)) {
            throw new IndexOutOfBoundsException("block " + block + " of " + blockCount(width, height));
        }
        int coreX = block % blocksX * blockSize;
        int coreY = block / blocksX * blockSize;
        return new Window(coreX, coreY, Math.min(blockSize, width - coreX), Math.min(blockSize, height - coreY), overlap, width, height);
    }

    private CellSegmenter.Predicted predictBlock(PlaneSource plane, Window w, int planeIndex, ChannelScaling scaling, Progress progress) {
        return segmenter.predict(new PlaneWindow(plane, w.x, w.y, w.width, w.height), planeIndex, scaling, (tile, tiles, message) -> { }, progress);
    }

    /** The block's objects from its window's probabilities: those whose centroid lies in its core, numbered from 1. */
    private Block finishBlock(Window w, CellSegmenter.Predicted predicted, PixelCalibration calibration, Progress progress) {
        PlaneSegmentation window = segmenter.postProcess(predicted, calibration, (tile, tiles, message) -> { }, progress);
        LabelPlane labels = window.labels();
        int[] owner = ownedLabels(labels, w.coreX - w.x, w.coreY - w.y, w.coreWidth, w.coreHeight);
        boolean[] touchesInnerBorder = innerBorderLabels(labels, w.x > 0, w.y > 0, w.x + w.width < w.planeWidth, w.y + w.height < w.planeHeight);
        int cut = 0;
        for (int label = 1; label < owner.length; label++) {
            if (owner[label] != 0 && touchesInnerBorder[label]) cut++;
        }
        int[] owned = labels.labels();
        for (int i = 0; i < owned.length; i++) owned[i] = owner[owned[i]];
        List<ObjectMeasurement> measurements = new ArrayList<>();
        List<ObjectOutline> outlines = new ArrayList<>();
        for (int i = 0; i < window.measurements().size(); i++) {
            ObjectMeasurement m = window.measurements().get(i);
            int local = owner[m.label()];
            if (local == 0) continue;
            measurements.add(m.moved(local, w.x * calibration.pixelWidth(), w.y * calibration.pixelHeight()));
            outlines.add(window.outlines().get(i).moved(local, w.x, w.y));
        }
        return new Block(w.x, w.y, w.width, w.height, owned, measurements, outlines, cut);
    }

    /**
     * Paints {@code block}'s objects into {@code canvas} and hands them to {@code sink}, numbered
     * from {@code firstLabel + 1} (the objects of the blocks before it); blocks are placed in block
     * order, and where two claim a pixel of the overlap the earlier keeps it.
     */
    public static void place(Block block, int firstLabel, LabelCanvas canvas, ObjectSink sink) {
        if (block.objectCount() > Integer.MAX_VALUE - firstLabel) {
            throw new InvalidInputException("More than " + Integer.MAX_VALUE + " objects in one plane; raise the minimum object size.");
        }
        int w = block.width;
        int[] row = new int[w];
        for (int y = 0; y < block.height; y++) {
            boolean any = false;
            for (int x = 0; x < w; x++) {
                int v = block.labels[y * w + x];
                row[x] = v == 0 ? 0 : v + firstLabel;
                any |= v != 0;
            }
            if (any) canvas.claim(block.y + y, block.x, row, 0, w);
        }
        for (int i = 0; i < block.measurements.size(); i++) {
            ObjectMeasurement m = block.measurements.get(i);
            int label = m.label() + firstLabel;
            sink.accept(m.moved(label, 0, 0), block.outlines.get(i).moved(label, 0, 0));
        }
    }

    /**
     * One block's objects: the labels of its window (those it owns, numbered from 1 in window
     * order; 0 elsewhere) and their measurements and outlines, already in whole-plane coordinates.
     */
    public static final class Block {
        private static final int FORMAT = 2;
        final int x;
        final int y;
        final int width;
        final int height;
        final int[] labels;
        final List<ObjectMeasurement> measurements;
        final List<ObjectOutline> outlines;
        private final int cutObjects;

        Block(int x, int y, int width, int height, int[] labels, List<ObjectMeasurement> measurements, List<ObjectOutline> outlines,
              int cutObjects) {
            this.x = x;
            this.y = y;
            this.width = width;
            this.height = height;
            this.labels = labels;
            this.measurements = measurements;
            this.outlines = outlines;
            this.cutObjects = cutObjects;
        }

        public int objectCount() {
            return measurements.size();
        }

        public int cutObjectCount() {
            return cutObjects;
        }

        /** Writes the block compactly (labels as runs, deflated), for {@link #readFrom} in another process. */
        public void writeTo(OutputStream out) throws IOException {
            Deflater deflater = new Deflater(Deflater.BEST_SPEED);
            try {
                DataOutputStream data = new DataOutputStream(new BufferedOutputStream(new DeflaterOutputStream(out, deflater, 1 << 16), 1 << 16));
                data.writeInt(FORMAT);
                for (int v : new int[] {x, y, width, height, cutObjects, measurements.size()}) data.writeInt(v);
                for (int row = 0; row < height; row++) {
                    int i = row * width;
                    int end = i + width;
                    while (i < end) {
                        int value = labels[i];
                        int run = 1;
                        while (i + run < end && labels[i + run] == value) run++;
                        data.writeInt(run);
                        data.writeInt(value);
                        i += run;
                    }
                }
                for (int i = 0; i < measurements.size(); i++) {
                    ObjectMeasurement m = measurements.get(i);
                    data.writeInt(m.label());
                    data.writeInt(m.plane());
                    data.writeLong(m.pixelCount());
                    for (double v : new double[] {m.area(), m.centroidX(), m.centroidY(), m.mean(), m.min(), m.max(), m.perimeter(), m.uncertainty()}) {
                        data.writeDouble(v);
                    }
                    ObjectOutline o = outlines.get(i);
                    data.writeInt(o.pointCount());
                    for (int k = 0; k < o.pointCount(); k++) {
                        data.writeInt(o.xs()[k]);
                        data.writeInt(o.ys()[k]);
                    }
                }
                data.close();
            } finally {
                deflater.end();
            }
        }

        /** A block as {@link #writeTo} wrote it. */
        public static Block readFrom(InputStream in) throws IOException {
            Inflater inflater = new Inflater();
            try {
                DataInputStream data = new DataInputStream(new BufferedInputStream(new InflaterInputStream(in, inflater, 1 << 16), 1 << 16));
                int format = data.readInt();
                if (format != FORMAT) throw new IOException("not a block file of format " + FORMAT + " (format " + format + ")");
                int x = data.readInt();
                int y = data.readInt();
                int width = data.readInt();
                int height = data.readInt();
                int cut = data.readInt();
                int objects = data.readInt();
                int[] labels = new int[Math.multiplyExact(width, height)];
                for (int i = 0; i < labels.length; ) {
                    int run = data.readInt();
                    int value = data.readInt();
                    if (run < 1 || run > labels.length - i) throw new IOException("damaged block file: a run of " + run + " at pixel " + i);
                    java.util.Arrays.fill(labels, i, i + run, value);
                    i += run;
                }
                List<ObjectMeasurement> measurements = new ArrayList<>(objects);
                List<ObjectOutline> outlines = new ArrayList<>(objects);
                for (int i = 0; i < objects; i++) {
                    int label = data.readInt();
                    int plane = data.readInt();
                    long pixels = data.readLong();
                    double[] v = new double[8];
                    for (int k = 0; k < v.length; k++) v[k] = data.readDouble();
                    measurements.add(new ObjectMeasurement(label, plane, pixels, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]));
                    int points = data.readInt();
                    int[] xs = new int[points];
                    int[] ys = new int[points];
                    for (int k = 0; k < points; k++) {
                        xs[k] = data.readInt();
                        ys[k] = data.readInt();
                    }
                    outlines.add(new ObjectOutline(label, plane, xs, ys));
                }
                return new Block(x, y, width, height, labels, measurements, outlines, cut);
            } finally {
                inflater.end();
            }
        }
    }

    /**
     * Block labels (from 1, in window label order) of the objects whose pixel centroid lies in the
     * core rectangle, 0 for the others; indexed by window label.
     */
    static int[] ownedLabels(LabelPlane labels, int coreX, int coreY, int coreWidth, int coreHeight) {
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
        int next = 0;
        for (int label = 1; label <= max; label++) {
            if (count[label] == 0) continue;
            // Centroid of pixel centres, floored to the pixel that holds it.
            long cx = Math.floorDiv(2 * sumX[label] + count[label], 2 * count[label]);
            long cy = Math.floorDiv(2 * sumY[label] + count[label], 2 * count[label]);
            if (cx >= coreX && cx < coreX + coreWidth && cy >= coreY && cy < coreY + coreHeight) owner[label] = ++next;
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
}
