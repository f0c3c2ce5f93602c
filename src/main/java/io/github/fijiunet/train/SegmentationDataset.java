package io.github.fijiunet.train;

import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.model.Task;
import io.github.fijiunet.tensor.Normalization;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Grey images with per-pixel classes for U-Net training: {@link Task#SEMANTIC} (class 1 =
 * foreground, one sigmoid channel) or {@link Task#INSTANCE} (background / boundary / interior from
 * {@link LabelTargets}, three softmax channels). Patches are cropped at random positions with
 * mirror padding where an image is smaller than the patch.
 */
public final class SegmentationDataset implements Dataset {

    /** One normalised image and its per-pixel classes, row-major. */
    public static final class Sample {
        public final String name;
        public final int width;
        public final int height;
        public final float[] image;
        public final byte[] classes;
        /** The mask's objects, 1..N per pixel (its instances, or the connected parts of a semantic foreground). */
        final int[] objects;
        /** Pixel count of each object. */
        final int[] objectAreas;
        /** Loss weight per pixel ({@link #withBorderWeights}); null: 1 everywhere. */
        final float[] weights;

        /**
         * @param image   normalised intensities (see {@link ImageNormalizer})
         * @param classes per-pixel class: 0/1 for semantic, {@link LabelTargets} classes for instance
         */
        Sample(String name, int width, int height, float[] image, byte[] classes, int[] objects, float[] weights) {
            if (image.length != width * height || classes.length != width * height) {
                throw new InvalidInputException("Image and mask of '" + name + "' must both be " + width + "×" + height + ".");
            }
            this.name = name;
            this.width = width;
            this.height = height;
            this.image = image;
            this.classes = classes;
            this.objects = objects;
            this.objectAreas = areas(objects);
            this.weights = weights;
        }

        public String name() {
            return name;
        }

        /** The target class of pixel (x, y). */
        public int classAt(int x, int y) {
            return classes[y * width + x];
        }
    }

    private final Task task;
    private final List<Sample> samples;
    private final String source;

    public SegmentationDataset(Task task, List<Sample> samples, String source) {
        if (task == Task.CLASSIFICATION) throw new IllegalArgumentException("Segmentation data needs a semantic or instance task.");
        if (samples.isEmpty()) throw new InvalidInputException("No training images in " + source + ".");
        this.task = task;
        this.samples = List.copyOf(samples);
        this.source = source;
    }

    /**
     * In-memory images and label images (row-major, e.g. from the ROI Manager): instance labels
     * (or a binary mask, split into connected components) for {@link Task#INSTANCE}, any non-zero
     * value = foreground for {@link Task#SEMANTIC}.
     */
    public static Sample sample(String name, int width, int height, float[] rawImage, int[] labels, Task task, Normalization normalization) {
        byte[] classes;
        int[] objects;
        if (task == Task.INSTANCE) {
            objects = LabelTargets.isBinary(labels) ? LabelTargets.connectedComponents(labels, width, height) : labels;
            classes = LabelTargets.instanceClasses(objects, width, height);
        } else {
            classes = new byte[labels.length];
            for (int i = 0; i < labels.length; i++) classes[i] = (byte) (labels[i] != 0 ? 1 : 0);
            int[] foreground = new int[labels.length];
            for (int i = 0; i < labels.length; i++) foreground[i] = labels[i] != 0 ? 1 : 0;
            objects = LabelTargets.connectedComponents(foreground, width, height);
        }
        return new Sample(name, width, height, ImageNormalizer.normalize(rawImage, normalization), classes, objects, null);
    }

    private static int[] areas(int[] labels) {
        int max = 0;
        for (int l : labels) max = Math.max(max, l);
        int[] count = new int[max + 1];
        for (int l : labels) if (l > 0) count[l]++;
        return java.util.Arrays.stream(count, 1, count.length).filter(c -> c > 0).toArray();
    }

    /**
     * The median diameter (2·sqrt(area/π), pixels) of the samples' objects, the scale the model learns
     * (written as {@code objectDiameter} into the descriptor); 0 without objects.
     */
    @Override
    public double objectDiameter() {
        int[] all = samples.stream().flatMapToInt(s -> java.util.Arrays.stream(s.objectAreas)).sorted().toArray();
        return all.length == 0 ? 0 : 2 * Math.sqrt(all[all.length / 2] / Math.PI);
    }

    public List<Sample> samples() {
        return samples;
    }

    @Override
    public Task task() {
        return task;
    }

    @Override
    public int targetChannels() {
        return task == Task.INSTANCE ? 3 : 1;
    }

    @Override
    public List<String> classNames() {
        return task == Task.INSTANCE ? List.of("background", "boundary", "interior") : List.of("foreground");
    }

    @Override
    public int size() {
        return samples.size();
    }

    /** Width of the border weight's fall-off, in pixels (the U-Net paper's sigma). */
    public static final double BORDER_SIGMA = 5;

    /**
     * The same samples with the U-Net paper's border weights for the instance task: every pixel
     * that is not an object's interior (background, and boundaries) weighs
     * {@code 1 + w0·exp(−(d1 + d2)² / 2σ²)} in the loss, d1 and d2 its distances to the nearest and
     * second-nearest object (σ = {@value #BORDER_SIGMA} px): the narrow gaps and shared borders
     * between nearly touching nuclei, where merges come from, count up to {@code 1 + w0} times.
     */
    public SegmentationDataset withBorderWeights(double w0) {
        if (task != Task.INSTANCE) throw new InvalidInputException("Border weights are for the instance task (touching objects).");
        List<Sample> weighted = new java.util.ArrayList<>(samples.size());
        for (Sample s : samples) {
            weighted.add(new Sample(s.name, s.width, s.height, s.image, s.classes, s.objects,
                    borderWeights(s.objects, s.classes, s.width, s.height, w0, BORDER_SIGMA)));
        }
        return new SegmentationDataset(task, weighted, source);
    }

    /**
     * The same samples with the pixels of every object smaller than the median object (over all
     * samples) weighing {@code sqrt(median / area)} in the loss, at most {@code maxWeight}, times
     * any weight they had ({@link #withBorderWeights}): tiny nuclei, a few pixels each, are where
     * most of the misses are, and plain pixel weighting makes them count least.
     */
    public SegmentationDataset withSmallObjectWeights(double maxWeight) {
        if (task != Task.INSTANCE) throw new InvalidInputException("Small-object weights are for the instance task (one label per object).");
        int[] all = samples.stream().flatMapToInt(s -> java.util.Arrays.stream(s.objectAreas)).sorted().toArray();
        double median = all.length == 0 ? 0 : all[all.length / 2];
        List<Sample> weighted = new ArrayList<>(samples.size());
        for (Sample s : samples) {
            weighted.add(new Sample(s.name, s.width, s.height, s.image, s.classes, s.objects,
                    smallObjectWeights(s.objects, s.weights, median, maxWeight)));
        }
        return new SegmentationDataset(task, weighted, source);
    }

    /** The weight map of {@link #withSmallObjectWeights} for one sample's objects (1..N), over {@code weights} (null: 1). */
    static float[] smallObjectWeights(int[] objects, float[] weights, double medianArea, double maxWeight) {
        int max = 0;
        for (int v : objects) max = Math.max(max, v);
        int[] area = new int[max + 1];
        for (int v : objects) if (v > 0) area[v]++;
        float[] objectWeight = new float[max + 1];
        for (int k = 1; k <= max; k++) {
            objectWeight[k] = area[k] == 0 || area[k] >= medianArea ? 1f : (float) Math.min(maxWeight, Math.sqrt(medianArea / area[k]));
        }
        float[] out = new float[objects.length];
        for (int i = 0; i < out.length; i++) {
            float base = weights == null ? 1f : weights[i];
            out[i] = objects[i] == 0 ? base : base * objectWeight[objects[i]];
        }
        return out;
    }

    /** The weight map of {@link #withBorderWeights}: distances to each object within 4σ of its bounding box. */
    static float[] borderWeights(int[] objects, byte[] classes, int width, int height, double w0, double sigma) {
        int n = objects.length;
        float[] nearest = new float[n];
        float[] second = new float[n];
        java.util.Arrays.fill(nearest, Float.POSITIVE_INFINITY);
        java.util.Arrays.fill(second, Float.POSITIVE_INFINITY);
        int max = 0;
        for (int v : objects) max = Math.max(max, v);
        int[] x0 = new int[max + 1];
        int[] y0 = new int[max + 1];
        int[] x1 = new int[max + 1];
        int[] y1 = new int[max + 1];
        java.util.Arrays.fill(x0, Integer.MAX_VALUE);
        java.util.Arrays.fill(y0, Integer.MAX_VALUE);
        java.util.Arrays.fill(x1, -1);
        java.util.Arrays.fill(y1, -1);
        for (int y = 0, i = 0; y < height; y++) {
            for (int x = 0; x < width; x++, i++) {
                int v = objects[i];
                if (v == 0) continue;
                x0[v] = Math.min(x0[v], x);
                y0[v] = Math.min(y0[v], y);
                x1[v] = Math.max(x1[v], x);
                y1[v] = Math.max(y1[v], y);
            }
        }
        int reach = (int) Math.ceil(4 * sigma);
        for (int k = 1; k <= max; k++) {
            if (x1[k] < 0) continue;
            int bx = Math.max(0, x0[k] - reach);
            int by = Math.max(0, y0[k] - reach);
            int bw = Math.min(width, x1[k] + reach + 1) - bx;
            int bh = Math.min(height, y1[k] + reach + 1) - by;
            boolean[] outside = new boolean[bw * bh];
            for (int y = 0; y < bh; y++) {
                for (int x = 0; x < bw; x++) outside[y * bw + x] = objects[(by + y) * width + bx + x] != k;
            }
            // Each pixel's distance to object k, which lies wholly in the box.
            float[] distance = io.github.fijiunet.post.DistanceTransform.euclidean(outside, bw, bh);
            for (int y = 0; y < bh; y++) {
                for (int x = 0; x < bw; x++) {
                    int i = (by + y) * width + bx + x;
                    float d = distance[y * bw + x];
                    if (d < nearest[i]) {
                        second[i] = nearest[i];
                        nearest[i] = d;
                    } else if (d < second[i]) {
                        second[i] = d;
                    }
                }
            }
        }
        float[] weights = new float[n];
        double twoSigmaSquared = 2 * sigma * sigma;
        for (int i = 0; i < n; i++) {
            double gap = (double) nearest[i] + second[i];
            weights[i] = classes[i] == LabelTargets.INTERIOR || Double.isInfinite(gap) ? 1f
                    : (float) (1 + w0 * Math.exp(-gap * gap / twoSigmaSquared));
        }
        return weights;
    }

    @Override
    public Batch randomBatch(Random random, int batchSize, int patchSize, Augmentation augmentation) {
        int pixels = patchSize * patchSize;
        int channels = targetChannels();
        float[] inputs = new float[batchSize * pixels];
        float[] targets = new float[batchSize * pixels * channels];
        for (int b = 0; b < batchSize; b++) {
            Sample s = samples.get(random.nextInt(samples.size()));
            double zoom = augmentation.zoom > 0 ? Math.exp(Math.log1p(augmentation.zoom) * (2 * random.nextDouble() - 1)) : 1;
            int extent = (int) Math.ceil(patchSize / zoom);
            int top = randomOffset(random, s.height, extent);
            int left = randomOffset(random, s.width, extent);
            boolean flipX = augmentation.horizontalFlips && random.nextBoolean();
            boolean flipY = augmentation.verticalFlips && random.nextBoolean();
            boolean transpose = augmentation.rotations && random.nextBoolean();
            float scale = 1 + augmentation.intensityScale * (2 * random.nextFloat() - 1);
            float shift = augmentation.intensityShift * (2 * random.nextFloat() - 1);
            // Transpose plus the two flips give all 8 symmetries of the square, the 90° rotations included.
            float[] displacement = augmentation.elastic > 0 ? elasticDisplacement(random, patchSize, augmentation.elastic / zoom) : null;
            if (zoom == 1 && displacement == null) copyPatch(s, top, left, patchSize, flipX, flipY, transpose, scale, shift, inputs, targets, b * pixels);
            else copyScaledPatch(s, top, left, patchSize, zoom, displacement, flipX, flipY, transpose, scale, shift, inputs, targets, b * pixels);
            if (augmentation.changesPixels()) degrade(inputs, b * pixels, patchSize, augmentation, random);
        }
        return new Batch(inputs, new long[] {batchSize, patchSize, patchSize, 1}, targets,
                new long[] {batchSize, patchSize, patchSize, channels});
    }

    /** Gamma, blur and noise of one patch, each drawn at random within the augmentation's bounds. */
    private static void degrade(float[] inputs, int offset, int patch, Augmentation augmentation, Random random) {
        int pixels = patch * patch;
        if (augmentation.gamma > 0) {
            double g = Math.pow(1 + augmentation.gamma, 2 * random.nextDouble() - 1);
            for (int i = offset; i < offset + pixels; i++) if (inputs[i] > 0) inputs[i] = (float) Math.pow(inputs[i], g);
        }
        if (augmentation.blur > 0 && random.nextBoolean()) {
            double sigma = augmentation.blur * random.nextDouble();
            if (sigma > 0.1) {
                float[] blurred = io.github.fijiunet.post.GaussianBlur.blur(java.util.Arrays.copyOfRange(inputs, offset, offset + pixels), patch, patch, sigma);
                System.arraycopy(blurred, 0, inputs, offset, pixels);
            }
        }
        if (augmentation.noise > 0) {
            double sigma = augmentation.noise * random.nextDouble();
            for (int i = offset; i < offset + pixels; i++) inputs[i] += (float) (sigma * random.nextGaussian());
        }
    }

    private static int randomOffset(Random random, int size, int patch) {
        return size > patch ? random.nextInt(size - patch + 1) : -random.nextInt(patch - size + 1);
    }

    void copyPatch(Sample s, int top, int left, int patch, boolean flipX, boolean flipY, boolean transpose,
            float scale, float shift, float[] inputs, float[] targets, int offset) {
        int channels = targetChannels();
        for (int r = 0; r < patch; r++) {
            for (int c = 0; c < patch; c++) {
                int pr = transpose ? c : r;
                int pc = transpose ? r : c;
                if (flipY) pr = patch - 1 - pr;
                if (flipX) pc = patch - 1 - pc;
                int source = reflect(top + pr, s.height) * s.width + reflect(left + pc, s.width);
                int target = offset + r * patch + c;
                inputs[target] = s.image[source] * scale + shift;
                int cls = s.classes[source];
                if (channels == 1) targets[target] = cls;
                else targets[target * channels + cls] = s.weights == null ? 1f : s.weights[source];
            }
        }
    }

    /**
     * A smooth random displacement per patch pixel, in source pixels: {@code [dy, dx]} pairs, row-major,
     * drawn with standard deviation {@code sigma} at control points {@link Augmentation#ELASTIC_SPACING}
     * px apart (the patch's corners among them) and bilinear in between.
     */
    static float[] elasticDisplacement(Random random, int patch, double sigma) {
        int cells = Math.max(1, Math.round(patch / (float) Augmentation.ELASTIC_SPACING));
        int points = cells + 1;
        double[][] control = new double[2][points * points];
        for (double[] axis : control) for (int k = 0; k < axis.length; k++) axis[k] = sigma * random.nextGaussian();
        float[] displacement = new float[2 * patch * patch];
        double step = patch > 1 ? (patch - 1) / (double) cells : 1;
        for (int r = 0; r < patch; r++) {
            double gy = r / step;
            int y0 = Math.min(cells - 1, (int) gy);
            double fy = gy - y0;
            for (int c = 0; c < patch; c++) {
                double gx = c / step;
                int x0 = Math.min(cells - 1, (int) gx);
                double fx = gx - x0;
                int k = y0 * points + x0;
                for (int a = 0; a < 2; a++) {
                    double[] v = control[a];
                    displacement[2 * (r * patch + c) + a] = (float) ((1 - fy) * ((1 - fx) * v[k] + fx * v[k + 1])
                            + fy * ((1 - fx) * v[k + points] + fx * v[k + points + 1]));
                }
            }
        }
        return displacement;
    }

    /**
     * As {@link #copyPatch} from a region of {@code patch / zoom} pixels scaled to the patch, each
     * position moved by {@code displacement} ({@link #elasticDisplacement}, null for none): the
     * image bilinearly, the objects by nearest neighbour, and the targets made from the scaled and
     * deformed objects, so boundaries stay one pixel wide at every scale and shape.
     */
    void copyScaledPatch(Sample s, int top, int left, int patch, double zoom, float[] displacement, boolean flipX, boolean flipY,
                         boolean transpose, float scale, float shift, float[] inputs, float[] targets, int offset) {
        int[] objects = new int[patch * patch];
        float[] weights = s.weights == null ? null : new float[patch * patch];
        for (int r = 0; r < patch; r++) {
            for (int c = 0; c < patch; c++) {
                int pr = transpose ? c : r;
                int pc = transpose ? r : c;
                if (flipY) pr = patch - 1 - pr;
                if (flipX) pc = patch - 1 - pc;
                double sy = top + (pr + 0.5) / zoom - 0.5;
                double sx = left + (pc + 0.5) / zoom - 0.5;
                if (displacement != null) {
                    sy += displacement[2 * (pr * patch + pc)];
                    sx += displacement[2 * (pr * patch + pc) + 1];
                }
                int y0 = (int) Math.floor(sy);
                int x0 = (int) Math.floor(sx);
                double fy = sy - y0;
                double fx = sx - x0;
                int ya = reflect(y0, s.height) * s.width;
                int yb = reflect(y0 + 1, s.height) * s.width;
                int xa = reflect(x0, s.width);
                int xb = reflect(x0 + 1, s.width);
                double value = (1 - fy) * ((1 - fx) * s.image[ya + xa] + fx * s.image[ya + xb]) + fy * ((1 - fx) * s.image[yb + xa] + fx * s.image[yb + xb]);
                int target = r * patch + c;
                inputs[offset + target] = (float) value * scale + shift;
                int nearest = reflect((int) Math.round(sy), s.height) * s.width + reflect((int) Math.round(sx), s.width);
                objects[target] = s.objects[nearest];
                if (weights != null) weights[target] = s.weights[nearest];
            }
        }
        int channels = targetChannels();
        byte[] classes = channels == 1 ? null : LabelTargets.instanceClasses(objects, patch, patch);
        for (int i = 0; i < objects.length; i++) {
            int t = offset + i;
            if (channels == 1) targets[t] = objects[i] != 0 ? 1 : 0;
            else targets[t * channels + classes[i]] = weights == null ? 1f : weights[i];
        }
    }

    /** Mirror index into [0, size) without repeating the edge pixel. */
    public static int reflect(int i, int size) {
        if (size == 1) return 0;
        int period = 2 * size - 2;
        int m = Math.floorMod(i, period);
        return m < size ? m : period - m;
    }

    @Override
    public List<Batch> evaluationBatches(int batchSize, int patchSize, long seed) {
        Random random = new Random(seed);
        List<int[]> crops = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            int count = Math.max(1, Math.min(4, (s.width * s.height) / (patchSize * patchSize)));
            for (int k = 0; k < count; k++) crops.add(new int[] {i, randomOffset(random, s.height, patchSize), randomOffset(random, s.width, patchSize)});
        }
        List<Batch> batches = new ArrayList<>();
        int pixels = patchSize * patchSize;
        for (int start = 0; start < crops.size(); start += batchSize) {
            int n = Math.min(batchSize, crops.size() - start);
            float[] inputs = new float[n * pixels];
            float[] targets = new float[n * pixels * targetChannels()];
            for (int b = 0; b < n; b++) {
                int[] crop = crops.get(start + b);
                copyPatch(samples.get(crop[0]), crop[1], crop[2], patchSize, false, false, false, 1, 0, inputs, targets, b * pixels);
            }
            batches.add(new Batch(inputs, new long[] {n, patchSize, patchSize, 1}, targets,
                    new long[] {n, patchSize, patchSize, targetChannels()}));
        }
        return batches;
    }

    @Override
    public SegmentationDataset subset(int[] indices, String label) {
        List<Sample> chosen = new ArrayList<>();
        for (int i : indices) chosen.add(samples.get(i));
        return new SegmentationDataset(task, chosen, source + " (" + label + ")");
    }

    @Override
    public String describe() {
        long pixels = 0;
        for (Sample s : samples) pixels += (long) s.width * s.height;
        return samples.size() + " images (" + pixels / 1_000_000.0 + " Mpixel) from " + source;
    }
}
