package io.github.fijiunet.eval;

import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.Progress;
import io.github.fijiunet.io.ImageFiles;
import io.github.fijiunet.io.LabelFiles;
import io.github.fijiunet.model.LoadedModel;
import io.github.fijiunet.post.InstanceMethod;
import io.github.fijiunet.post.InstanceOption;
import io.github.fijiunet.post.InstanceOptions;
import io.github.fijiunet.post.InstanceSegmenter;
import io.github.fijiunet.post.LabelPlane;
import io.github.fijiunet.post.PixelCalibration;
import io.github.fijiunet.segment.CellSegmenter;
import io.github.fijiunet.segment.PlaneSegmentation;
import io.github.fijiunet.segment.SegmentationOptions;
import io.github.fijiunet.tensor.ImagePlusImgs;
import net.imglib2.img.array.ArrayImgs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Chooses a model's post-processing (thresholds, seeds, sizes) on images with ground truth, as
 * StarDist optimises its thresholds: the model predicts each image once, then a coordinate search
 * tries each option's candidate values in turn with the others held, keeps the best, and repeats
 * until a round changes nothing. Meant for the training split; the validation split stays for the
 * final figure.
 */
public final class PostProcessingTuning {

    /** What the search maximises, pooled over all images. */
    public enum Objective {
        AP50("AP@0.5"), MEAN_AP("mean AP (0.5:0.95)");

        private final String label;

        Objective(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        double score(ImageEvaluation pooled) {
            return this == AP50 ? pooled.at(0.5).averagePrecision() : pooled.meanAveragePrecision();
        }

        public static Objective parse(String text) {
            String t = text.trim().toLowerCase(Locale.ROOT).replace('-', '_');
            if (t.equals("ap50") || t.equals("ap@0.5")) return AP50;
            if (t.equals("mean_ap") || t.equals("map")) return MEAN_AP;
            throw new io.github.fijiunet.InvalidOptionException("The objective must be ap50 (AP at IoU 0.5) or mean_ap (mean AP over IoU 0.5:0.95), not \"" + text + "\".");
        }
    }

    /** One step of the search: an option changed to a value and the score it gave. */
    public static final class Step {
        public final int round;
        public final InstanceOption option;
        public final String value;
        public final double score;

        Step(int round, InstanceOption option, String value, double score) {
            this.round = round;
            this.option = option;
            this.value = value;
            this.score = score;
        }
    }

    /** Where the search started and ended, and each improving step. */
    public static final class Result {
        public final Objective objective;
        public final int images;
        public final InstanceOptions start;
        public final double startScore;
        public final InstanceOptions best;
        public final double bestScore;
        public final List<Step> steps;
        /** Distinct settings scored. */
        public final int trials;

        Result(Objective objective, int images, InstanceOptions start, double startScore, InstanceOptions best, double bestScore,
               List<Step> steps, int trials) {
            this.objective = objective;
            this.images = images;
            this.start = start;
            this.startScore = startScore;
            this.best = best;
            this.bestScore = bestScore;
            this.steps = List.copyOf(steps);
            this.trials = trials;
        }

        /** The method and searched options of {@link #best}, as a descriptor's "postProcessing" (key → text). */
        public Map<String, String> postProcessing() {
            Map<String, String> m = new LinkedHashMap<>();
            m.put(InstanceOption.METHOD.key(), InstanceOption.METHOD.text(best.method()));
            for (InstanceOption o : candidates(best.method()).keySet()) m.put(o.key(), o.text(best.value(o)));
            return m;
        }
    }

    /** One image's prediction at the model's scale, kept for every trial. */
    private static final class Predicted {
        final String name;
        final List<LabelPlane> truth;
        final List<float[]> probabilities;
        final int width;
        final int height;
        final int channels;

        Predicted(String name, List<LabelPlane> truth, List<float[]> probabilities, int width, int height, int channels) {
            this.name = name;
            this.truth = truth;
            this.probabilities = probabilities;
            this.width = width;
            this.height = height;
            this.channels = channels;
        }
    }

    private final List<Predicted> images;
    private final Objective objective;
    private final Map<String, Double> scores = new HashMap<>();
    private final ExecutorService pool;

    private PostProcessingTuning(List<Predicted> images, Objective objective, int threads) {
        this.images = images;
        this.objective = objective;
        this.pool = Executors.newFixedThreadPool(threads);
    }

    /**
     * Tunes {@code start} (the options in force, the model's defaults included) for {@code model}
     * on up to {@code maxImages} images of {@code imageDir} that have a same-named label image in
     * {@code truthDir}, spread evenly over the folder when there are more.
     */
    public static Result tune(LoadedModel model, SegmentationOptions options, Path imageDir, Path truthDir, Objective objective,
                              int maxImages, Progress progress) {
        if (maxImages < 1) throw new InvalidInputException("Tune on at least 1 image, not " + maxImages + ".");
        CellSegmenter segmenter = new CellSegmenter(model, options.toBuilder().keepProbabilities(true).objectDiameter(0).build());
        InstanceOptions start = segmenter.instanceOptions();
        List<Path> truthFiles = spread(FolderEvaluation.tiffs(truthDir, "ground-truth"), maxImages);
        FolderEvaluation.requireDirectory(imageDir, "image");
        List<Predicted> predicted = new ArrayList<>();
        long keptBytes = 0;
        long largestBytes = 0;
        for (int i = 0; i < truthFiles.size(); i++) {
            progress.checkCancelled();
            if (i > 0 && ImageFiles.available() < ROOM_FACTOR * largestBytes) {
                System.gc(); // garbage not yet collected is not a reason to refuse
                requireRoomForAnother(i, keptBytes, largestBytes, ImageFiles.available(), Runtime.getRuntime().maxMemory());
            }
            String name = truthFiles.get(i).getFileName().toString();
            Path imageFile = FolderEvaluation.rawImage(imageDir, name);
            progress.update(i, truthFiles.size() * 2L, "Predicting " + name);
            List<PlaneSegmentation> planes = segmenter.segment(ImagePlusImgs.planes(ImageFiles.open(imageFile)), PixelCalibration.PIXELS, Progress.NONE);
            List<float[]> probabilities = new ArrayList<>();
            long bytes = 0;
            for (PlaneSegmentation p : planes) {
                float[] all = concatenate(p.probabilities());
                probabilities.add(all);
                bytes += 4L * all.length;
            }
            keptBytes += bytes;
            largestBytes = Math.max(largestBytes, bytes);
            LabelPlane first = planes.get(0).labels();
            predicted.add(new Predicted(name, LabelFiles.read(truthFiles.get(i)), probabilities, first.width(), first.height(),
                    planes.get(0).probabilities().length));
        }
        PostProcessingTuning search = new PostProcessingTuning(predicted, objective, Math.max(1, Runtime.getRuntime().availableProcessors()));
        try {
            return search.run(start, progress, truthFiles.size());
        } finally {
            search.pool.shutdownNow();
        }
    }

    private Result run(InstanceOptions start, Progress progress, int imageCount) {
        InstanceMethod method = resolvedMethod(start);
        InstanceOptions best = start.toBuilder().method(method).build();
        double startScore = score(best);
        double bestScore = startScore;
        List<Step> steps = new ArrayList<>();
        Map<InstanceOption, List<String>> candidates = candidates(method);
        for (int round = 1; round <= MAX_ROUNDS; round++) {
            boolean changed = false;
            for (Map.Entry<InstanceOption, List<String>> e : candidates.entrySet()) {
                InstanceOption option = e.getKey();
                progress.checkCancelled();
                progress.update(imageCount + (long) imageCount * round / (MAX_ROUNDS + 1), imageCount * 2L,
                        "Tuning " + option.key() + " (round " + round + ", " + objective.label() + " " + format(bestScore) + ")");
                for (String value : e.getValue()) {
                    InstanceOptions trial;
                    try {
                        trial = best.toBuilder().set(option, value).build();
                    } catch (InvalidInputException invalid) {
                        continue; // e.g. a min_size above the max_size in force
                    }
                    double s = score(trial);
                    if (s > bestScore + 1e-4) { // gains below a hundredth of a percent are noise of the sample
                        best = trial;
                        bestScore = s;
                        changed = true;
                        steps.add(new Step(round, option, value, s));
                    }
                }
            }
            if (!changed) break;
        }
        progress.update(imageCount * 2L, imageCount * 2L, "Tuned: " + objective.label() + " " + format(bestScore));
        return new Result(objective, imageCount, start, startScore, best, bestScore, steps, scores.size());
    }

    private static final int MAX_ROUNDS = 6;

    /** The candidate values of each option the search moves, for {@code method}; the order is the search order. */
    static Map<InstanceOption, List<String>> candidates(InstanceMethod method) {
        Map<InstanceOption, List<String>> m = new LinkedHashMap<>();
        m.put(InstanceOption.THRESHOLD, range(0.3, 0.85, 0.05));
        if (method == InstanceMethod.THREE_CLASS) {
            m.put(InstanceOption.SEED_THRESHOLD, range(0.3, 0.9, 0.05));
            m.put(InstanceOption.SEED_SHRINK, List.of("0", "1", "1.5", "2", "2.5", "3", "4"));
            m.put(InstanceOption.SEED_SPLIT, List.of("0", "0.5", "1", "1.5", "2", "3", "4"));
            m.put(InstanceOption.DISTANCE_SIGMA, List.of("0", "0.5", "1", "1.5", "2", "3"));
        } else if (method == InstanceMethod.DISTANCE_WATERSHED) {
            m.put(InstanceOption.DISTANCE_SIGMA, List.of("0", "0.5", "1", "1.5", "2", "3"));
            m.put(InstanceOption.SEED_PROMINENCE, List.of("0.5", "1", "1.5", "2", "3", "4"));
        }
        m.put(InstanceOption.MIN_SIZE, List.of("0", "5", "10", "15", "20", "25", "35", "50", "75", "100"));
        m.put(InstanceOption.FILL_HOLES, List.of("true", "false"));
        return m;
    }

    private static List<String> range(double from, double to, double step) {
        List<String> values = new ArrayList<>();
        for (int k = 0; from + k * step <= to + 1e-9; k++) values.add(String.format(Locale.ROOT, "%.2f", from + k * step));
        return values;
    }

    private InstanceMethod resolvedMethod(InstanceOptions options) {
        if (options.method() != InstanceMethod.AUTO) return options.method();
        return images.get(0).channels == 3 ? InstanceMethod.THREE_CLASS : InstanceMethod.DISTANCE_WATERSHED;
    }

    /** The objective pooled over every image for {@code options}; each distinct setting is scored once. */
    private double score(InstanceOptions options) {
        String key = options.toString();
        Double known = scores.get(key);
        if (known != null) return known;
        InstanceSegmenter segmenter = new InstanceSegmenter(options);
        List<Future<ImageEvaluation>> rows = new ArrayList<>();
        for (Predicted image : images) rows.add(pool.submit(() -> evaluate(image, segmenter)));
        List<ImageEvaluation> evaluations = new ArrayList<>();
        try {
            for (Future<ImageEvaluation> row : rows) evaluations.add(row.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new io.github.fijiunet.CancelledException();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException) throw (RuntimeException) e.getCause();
            throw new IllegalStateException(e.getCause());
        }
        double s = objective.score(ImageEvaluation.pooled("all", evaluations));
        scores.put(key, s);
        return s;
    }

    private static ImageEvaluation evaluate(Predicted image, InstanceSegmenter segmenter) {
        List<LabelPlane> labels = new ArrayList<>();
        for (float[] p : image.probabilities) {
            labels.add(segmenter.segment(image.channels == 1 ? ArrayImgs.floats(p, image.width, image.height)
                    : ArrayImgs.floats(p, image.width, image.height, image.channels)));
        }
        return FolderEvaluation.evaluate(image.name, image.truth, labels);
    }

    /**
     * Predicting an image takes about this many times the memory its kept probabilities do (the
     * image, the predicted channels, their copy and the concatenation).
     */
    static final int ROOM_FACTOR = 4;

    /**
     * Refuses to predict another image when the probabilities kept for the trials leave less free
     * memory than one like the largest so far needs, instead of an OutOfMemoryError part-way.
     */
    static void requireRoomForAnother(int imagesKept, long keptBytes, long largestBytes, long free, long maximum) {
        if (free >= ROOM_FACTOR * largestBytes) return;
        long suggested = Math.max(2, 2 * maximum / (1L << 30) + 1); // twice as much holds about twice the images
        throw new InvalidInputException(String.format(Locale.ROOT,
                "Tuning keeps the probabilities of every image in memory for its trials: after %d images (%.1f GB of them) "
                        + "another image like the largest would not fit in Java's %.1f GB. Tune on fewer images (--max-images %d) "
                        + "or give Java more memory (JAVA_OPTS=-Xmx%dg).",
                imagesKept, keptBytes / 1e9, maximum / 1e9, Math.max(1, imagesKept - 1), suggested));
    }

    private static float[] concatenate(float[][] channels) {
        int n = channels[0].length;
        float[] all = new float[n * channels.length];
        for (int c = 0; c < channels.length; c++) System.arraycopy(channels[c], 0, all, c * n, n);
        return all;
    }

    /** At most {@code max} of {@code files}, evenly spaced (all when there are not more). */
    static List<Path> spread(List<Path> files, int max) {
        if (files.size() <= max) return files;
        List<Path> chosen = new ArrayList<>();
        for (int k = 0; k < max; k++) chosen.add(files.get((int) ((long) k * files.size() / max)));
        return chosen;
    }

    static String format(double score) {
        return String.format(Locale.ROOT, "%.4f", score);
    }
}
