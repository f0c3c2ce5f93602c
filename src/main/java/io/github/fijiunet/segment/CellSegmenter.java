package io.github.fijiunet.segment;

import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.Progress;
import io.github.fijiunet.model.LoadedModel;
import io.github.fijiunet.model.Task;
import io.github.fijiunet.post.InstanceOptions;
import io.github.fijiunet.post.InstanceSegmenter;
import io.github.fijiunet.post.LabelPlane;
import io.github.fijiunet.post.ObjectMeasurement;
import io.github.fijiunet.post.ObjectMeasurements;
import io.github.fijiunet.post.ObjectOutline;
import io.github.fijiunet.post.OutlineTracer;
import io.github.fijiunet.post.PixelCalibration;
import io.github.fijiunet.predict.Patch;
import io.github.fijiunet.predict.Resampler;
import io.github.fijiunet.predict.TestTimeAugmentation;
import io.github.fijiunet.predict.TiledPredictor;
import io.github.fijiunet.tensor.ArrayPlane;
import io.github.fijiunet.tensor.ChannelScaling;
import io.github.fijiunet.tensor.Normalization;
import io.github.fijiunet.tensor.Normalizer;
import io.github.fijiunet.tensor.PlaneSource;
import io.github.fijiunet.tensor.PlaneStack;

import java.util.ArrayList;
import java.util.List;

/**
 * The whole segmentation path for one image, plane by plane: normalise, predict tile by tile,
 * turn probabilities into labelled cells, trace outlines and measure them against the input's
 * first channel. No ImageJ dependency: {@code fiji} turns the result into images, ROIs and tables.
 */
public final class CellSegmenter {

    private final LoadedModel model;
    private final SegmentationOptions options;
    private final TiledPredictor predictor;
    /** The instance options in force: the ones given, the model's post-processing defaults for the rest. */
    private final InstanceOptions instanceOptions;
    /** Decodes the probabilities at the plane's own pixels ({@link #atPlaneScale}). */
    private final InstanceSegmenter instances;
    /** How much planes are scaled before the model sees them ({@link #scaleFor}); 1 for none. */
    private final double scale;

    public CellSegmenter(LoadedModel model, SegmentationOptions options) {
        Task task = model.descriptor().task();
        if (task == Task.CLASSIFICATION) {
            throw new InvalidInputException("The model \"" + model.descriptor().name()
                    + "\" classifies whole images; pick a segmentation model (e.g. nuclei-unet) to find cells.");
        }
        this.model = model;
        this.options = options;
        this.predictor = new TiledPredictor(model, options.tiling());
        InstanceOptions tuned = options.instances().withModelDefaults(model.descriptor().postProcessing(),
                "The post-processing defaults of the model \"" + model.descriptor().name() + "\" (" + io.github.fijiunet.model.ModelDescriptor.FILE_NAME + ")");
        this.instanceOptions = tuned;
        this.scale = scaleFor(model.descriptor(), options.objectDiameter());
        this.instances = new InstanceSegmenter(atPlaneScale(tuned, scale));
    }

    /** The instance options in force: the ones given, the model's post-processing defaults for the rest. */
    public InstanceOptions instanceOptions() {
        return instanceOptions;
    }

    /**
     * The options' lengths (seed splitting, shrinking and smoothing, prominence) are in the pixels of
     * the model's objects, as they were tuned; a plane scaled by {@code scale} for the model is
     * decoded at its own pixels, where they are {@code 1 / scale} as long. Sizes (min_size, max_size)
     * are in the plane's pixels already.
     */
    static InstanceOptions atPlaneScale(InstanceOptions options, double scale) {
        if (scale == 1) return options;
        return options.toBuilder().seedShrink(options.seedShrink() / scale).seedSplit(options.seedSplit() / scale)
                .distanceSigma(options.distanceSigma() / scale).seedProminence(options.seedProminence() / scale).build();
    }

    /**
     * The factor that brings objects of {@code objectDiameter} pixels to the size of the model's
     * training objects ({@link io.github.fijiunet.model.ModelDescriptor#objectDiameter()}); 1 when
     * either is not given or they are within 2 % of each other.
     */
    static double scaleFor(io.github.fijiunet.model.ModelDescriptor descriptor, double objectDiameter) {
        if (objectDiameter <= 0) return 1;
        if (descriptor.objectDiameter() <= 0) {
            throw new InvalidInputException("The model \"" + descriptor.name() + "\" does not record the size of its training objects "
                    + "(\"objectDiameter\" in " + io.github.fijiunet.model.ModelDescriptor.FILE_NAME + "), so object_diameter cannot scale the "
                    + "image for it. Leave object_diameter at 0, or add the median diameter of its training objects to the descriptor.");
        }
        double factor = descriptor.objectDiameter() / objectDiameter;
        return Math.abs(factor - 1) < 0.02 ? 1 : factor;
    }


    /**
     * Planes up to this size (4096²) in a stack are post-processed beside the prediction of the
     * next ({@link Overlap}): two planes' working sets, about 1.5 GB, are then held at once.
     */
    static final long OVERLAP_PIXELS = 1L << 24;

    /** Segments every plane; {@code calibration} scales areas and centroids. */
    public List<PlaneSegmentation> segment(PlaneStack image, PixelCalibration calibration, Progress progress) {
        checkChannels(image.channels());
        if (scale == 1 && image.planeCount() > 1 && (long) image.width() * image.height() <= OVERLAP_PIXELS) {
            return segmentOverlapped(image, calibration, progress);
        }
        List<PlaneSegmentation> results = new ArrayList<>(image.planeCount());
        int stepsPerPlane = stepsFor(scaled(image.width()), scaled(image.height()));
        long total = (long) image.planeCount() * stepsPerPlane;
        for (int p = 0; p < image.planeCount(); p++) {
            progress.checkCancelled();
            long done = (long) p * stepsPerPlane;
            String planeText = image.planeCount() > 1 ? "plane " + (p + 1) + "/" + image.planeCount() + ": " : "";
            PlaneSource plane = image.plane(p);
            if (scale != 1) {
                results.add(segmentScaled(plane, p, calibration, (step, steps, message) ->
                        progress.update(done + step, total, planeText + message), progress));
            } else if (isBlockwise(plane)) {
                results.add(segmentBlockwise(plane, p, calibration, progress.prefixed(planeText)));
            } else {
                results.add(segmentPlane(plane, p, scalingFor(plane), calibration, (step, steps, message) ->
                        progress.update(done + step, total, planeText + message), progress));
            }
            progress.update(done + stepsPerPlane, total, planeText + results.get(p).objectCount() + " objects");
        }
        return results;
    }

    /**
     * The planes of a stack, each post-processed while the next is predicted: the same results as
     * one after the other. Progress counts the tiles as they are predicted and each plane once its
     * objects are found.
     */
    private List<PlaneSegmentation> segmentOverlapped(PlaneStack image, PixelCalibration calibration, Progress progress) {
        int planes = image.planeCount();
        int stepsPerPlane = stepsFor(image.width(), image.height());
        long total = (long) planes * stepsPerPlane;
        List<PlaneSegmentation> results = new ArrayList<>(planes);
        long[] predictedSteps = {0}; // a plane is finished after the next one's tiles: the count never goes back
        Runnable reportFinished = () -> {
            PlaneSegmentation last = results.get(results.size() - 1);
            long done = Math.max(predictedSteps[0], (long) results.size() * stepsPerPlane);
            progress.update(done, total, "plane " + results.size() + "/" + planes + ": " + last.objectCount() + " objects");
        };
        try (Overlap<PlaneSegmentation> post = new Overlap<>()) {
            for (int p = 0; p < planes; p++) {
                progress.checkCancelled();
                long done = (long) p * stepsPerPlane;
                String planeText = "plane " + (p + 1) + "/" + planes + ": ";
                PlaneSource plane = image.plane(p);
                Predicted predicted = predict(plane, p, scalingFor(plane), (step, steps, message) -> {
                    predictedSteps[0] = done + step;
                    progress.update(done + step, total, planeText + message);
                }, progress);
                PlaneSegmentation previous = post.submit(() -> postProcess(predicted, calibration, (step, steps, message) -> { }, progress));
                if (previous != null) {
                    results.add(previous);
                    reportFinished.run();
                }
            }
            results.add(post.finish());
            reportFinished.run();
        }
        return results;
    }

    /** Planes too large to post-process in one piece go block by block ({@link BlockSegmenter}). */
    public boolean isBlockwise(PlaneSource plane) {
        long pixels = (long) plane.width() * plane.height();
        if (pixels <= BlockSegmenter.BLOCKWISE_PIXELS) return false;
        refuseKeptMaps(plane);
        return true;
    }

    /** Block-wise planes keep no per-pixel maps: a probability or uncertainty map asked for is refused, with how to get one. */
    private void refuseKeptMaps(PlaneSource plane) {
        if (options.keepUncertainty()) {
            throw new InvalidInputException("A " + plane.width() + "x" + plane.height() + " plane is segmented block by block, which keeps no "
                    + "uncertainty map; switch off the uncertainty output (the Uncertainty column stays), or crop the image below "
                    + (BlockSegmenter.BLOCKWISE_PIXELS / 1_000_000) + " megapixels.");
        }
        if (options.keepProbabilities()) {
            throw new InvalidInputException("A " + plane.width() + "x" + plane.height() + " plane is segmented block by block, which keeps no "
                    + "probability map; switch off the probability output (or crop the image below "
                    + (BlockSegmenter.BLOCKWISE_PIXELS / 1_000_000) + " megapixels).");
        }
    }

    private PlaneSegmentation segmentBlockwise(PlaneSource plane, int planeIndex, PixelCalibration calibration, Progress progress) {
        ArrayLabelCanvas canvas = new ArrayLabelCanvas(plane.width(), plane.height());
        List<ObjectOutline> outlines = new ArrayList<>();
        List<ObjectMeasurement> measurements = new ArrayList<>();
        BlockSegmenter.Summary summary = segmentInto(plane, planeIndex, calibration, canvas, (measurement, outline) -> {
            measurements.add(measurement);
            outlines.add(outline);
        }, progress);
        return new PlaneSegmentation(planeIndex, canvas.toLabelPlane(summary.objectCount()), outlines, measurements, null);
    }

    /**
     * Segments one plane into a label canvas and an object sink, so that outputs can be streamed
     * instead of held: block by block when the plane is large ({@link #isBlockwise}), else in one
     * piece. Labels start at 1 in every plane.
     */
    public BlockSegmenter.Summary segmentInto(PlaneSource plane, int planeIndex, PixelCalibration calibration, LabelCanvas canvas,
                                              BlockSegmenter.ObjectSink sink, Progress progress) {
        if (isBlockwise(plane)) {
            return blocksOf(plane, BlockSegmenter.BLOCK_SIZE).segment(plane, planeIndex, scalingFor(plane), calibration, canvas, sink, progress);
        }
        checkStreamable(plane);
        PlaneSegmentation result = segmentPlane(plane, planeIndex, scalingFor(plane), calibration, (step, steps, message) ->
                progress.update(step, steps, message), progress);
        progress.update(1, 1, result.objectCount() + " objects");
        LabelPlane labels = result.labels();
        for (int y = 0; y < labels.height(); y++) canvas.claim(y, 0, labels.labels(), y * labels.width(), labels.width());
        for (int i = 0; i < result.objectCount(); i++) sink.accept(result.measurements().get(i), result.outlines().get(i));
        return new BlockSegmenter.Summary(result.objectCount(), 0);
    }

    /**
     * A block-wise segmenter of {@code plane} in blocks of {@code blockSize} (and the standard
     * overlap), once the plane is known to suit this model and block-wise segmentation.
     */
    public BlockSegmenter blocksOf(PlaneSource plane, int blockSize) {
        checkStreamable(plane);
        refuseKeptMaps(plane);
        return new BlockSegmenter(this, blockSize, BlockSegmenter.OVERLAP);
    }

    private void checkStreamable(PlaneSource plane) {
        if (scale != 1) {
            throw new InvalidInputException("object_diameter cannot rescale planes that are streamed or segmented block by block ("
                    + plane.width() + "x" + plane.height() + "); scale the image yourself (Image > Scale...) and leave object_diameter at 0.");
        }
        checkChannels(plane.channels());
    }

    private void checkChannels(int channels) {
        int expected = model.descriptor().input().channels();
        if (channels != expected) {
            throw new InvalidInputException("The model \"" + model.descriptor().name() + "\" expects " + expected
                    + " channel(s); the image has " + channels + ". "
                    + (expected == 1 ? "Pick the channel that shows the objects (e.g. the nuclear stain): channel=<n> in a macro, "
                    + "--channel <n> on the command line, or the dialog's \"" + SegmentationOption.CHANNEL.label() + "\"."
                    : "Pick an image with " + expected + " channels, or channel=0 to give the model all of them."));
        }
    }

    /** The options' normalisation, else the model's, computed over the whole plane. */
    public ChannelScaling scalingFor(PlaneSource plane) {
        Normalization normalization = options.normalization() != null ? options.normalization() : model.descriptor().normalization();
        return Normalizer.compute(plane, normalization);
    }

    private int scaled(int size) {
        return Math.max(1, (int) Math.round(size * scale));
    }

    /**
     * A plane scaled so that its objects have the model's training size and predicted there; its
     * probabilities (and uncertainty) are scaled back, bilinearly, to the plane's own pixels, where
     * the objects are found, outlined and measured: outlines keep the plane's resolution instead of
     * the steps of labels scaled back.
     */
    private PlaneSegmentation segmentScaled(PlaneSource plane, int planeIndex, PixelCalibration calibration,
                                            TiledPredictor.TileListener listener, Progress progress) {
        int width = plane.width();
        int height = plane.height();
        int scaledWidth = scaled(width);
        int scaledHeight = scaled(height);
        if ((long) scaledWidth * scaledHeight > BlockSegmenter.BLOCKWISE_PIXELS || (long) width * height > BlockSegmenter.BLOCKWISE_PIXELS) {
            throw new InvalidInputException("With object_diameter " + options.objectDiameter() + " this " + width + "x" + height
                    + " plane would be segmented at " + scaledWidth + "x" + scaledHeight + " pixels, beyond the " + (BlockSegmenter.BLOCKWISE_PIXELS / 1_000_000)
                    + "-megapixel limit of one piece. Crop the image, or scale it yourself (Image > Scale...) and leave object_diameter at 0.");
        }
        ArrayPlane atModel = Patch.of(plane).resized(scaledWidth, scaledHeight).asPlane();
        Predicted predicted = predict(atModel, planeIndex, scalingFor(atModel), listener, progress);
        float[][] probabilities = new float[predicted.probabilities.length][];
        for (int c = 0; c < probabilities.length; c++) {
            probabilities[c] = Resampler.resize(predicted.probabilities[c], scaledWidth, scaledHeight, width, height);
            predicted.probabilities[c] = null; // one scaled channel at a time in memory beside the plane's
        }
        float[] uncertainty = predicted.uncertainty == null ? null
                : Resampler.resize(predicted.uncertainty, scaledWidth, scaledHeight, width, height);
        return postProcess(new Predicted(plane, planeIndex, probabilities, uncertainty, predicted.steps), calibration, listener, progress);
    }

    /** Progress steps after the tiles: finding objects, tracing their outlines, measuring them. */
    static final int POST_STEPS = 3;

    /** Progress steps of one plane segmented in one piece: its tiles, then {@value #POST_STEPS} post-processing steps. */
    private int stepsFor(int width, int height) {
        return predictor.tilesFor(width, height).size() + POST_STEPS;
    }

    /**
     * One plane (or block window) in one piece; {@code listener} hears each tile ("predicting tile
     * 3/12") and each post-processing step, counted together ({@link #stepsFor}).
     */
    PlaneSegmentation segmentPlane(PlaneSource source, int planeIndex, ChannelScaling scaling,
                                   PixelCalibration calibration, TiledPredictor.TileListener listener, Progress progress) {
        return postProcess(predict(source, planeIndex, scaling, listener, progress), calibration, listener, progress);
    }

    /** A plane's (or block window's) probabilities as predicted, waiting for {@link #postProcess}. */
    static final class Predicted {
        final PlaneSource source;
        final int planeIndex;
        /** One array per output channel, width × height. */
        final float[][] probabilities;
        /** The test-time augmentation uncertainty map, or null without augmentation. */
        final float[] uncertainty;
        final int steps;

        private Predicted(PlaneSource source, int planeIndex, float[][] probabilities, float[] uncertainty, int steps) {
            this.source = source;
            this.planeIndex = planeIndex;
            this.probabilities = probabilities;
            this.uncertainty = uncertainty;
            this.steps = steps;
        }
    }

    /** The tiles of {@link #segmentPlane}: the model's probabilities for the whole of {@code source}. */
    Predicted predict(PlaneSource source, int planeIndex, ChannelScaling scaling, TiledPredictor.TileListener listener, Progress progress) {
        int width = source.width();
        int height = source.height();
        int channels = model.descriptor().output().channels();
        long values = (long) width * height * channels;
        if (values > Integer.MAX_VALUE - 8) {
            throw new InvalidInputException("A " + width + "x" + height + " plane with " + channels + " probability channels ("
                    + values + " values) is too large to post-process in one piece; crop it into parts of at most "
                    + (Integer.MAX_VALUE / channels / 1_000_000) + " megapixels (e.g. Image > Stacks > Tools > Montage to Stack).");
        }
        // One array per channel: the instance decoding works on them in place, no channel is copied out.
        float[][] probabilities = new float[channels][width * height];
        int steps = stepsFor(width, height);
        TestTimeAugmentation augmented = options.testTimeAugmentation() ? new TestTimeAugmentation(width, height) : null;
        predictor.predictPlane(source, scaling, ArrayPlane.of(ArrayPlane.Kind.FLOAT32, width, height, probabilities, new int[channels]), augmented,
                (tile, tiles, message) -> listener.tileDone(tile, steps, "predicting " + message), progress);
        return new Predicted(source, planeIndex, probabilities, augmented == null ? null : augmented.uncertainty(), steps);
    }

    /** The rest of {@link #segmentPlane}: labelled cells, their outlines and measurements from {@code predicted}. */
    PlaneSegmentation postProcess(Predicted predicted, PixelCalibration calibration, TiledPredictor.TileListener listener, Progress progress) {
        PlaneSource source = predicted.source;
        int width = source.width();
        int height = source.height();
        int channels = model.descriptor().output().channels();
        float[][] probabilities = predicted.probabilities;
        int steps = predicted.steps;
        progress.checkCancelled();
        int tiles = steps - POST_STEPS;
        listener.tileDone(tiles, steps, "finding objects");
        // The decoding overwrites the arrays it is given: probabilities the caller keeps are copied first.
        float[][] kept = null;
        if (options.keepProbabilities()) {
            kept = new float[channels][];
            for (int c = 0; c < channels; c++) kept[c] = probabilities[c].clone();
        }
        LabelPlane labels = instances.segmentChannels(probabilities, width, height);
        progress.checkCancelled();
        listener.tileDone(tiles + 1, steps, "tracing the outlines of " + labels.maxLabel() + " objects");
        List<ObjectOutline> outlines = OutlineTracer.trace(labels, predicted.planeIndex);
        listener.tileDone(tiles + 2, steps, "measuring " + outlines.size() + " objects");
        float[] intensity = new float[width * height];
        for (int y = 0; y < height; y++) source.readRow(0, y, 0, width, intensity, y * width, 1);
        List<ObjectMeasurement> measurements = ObjectMeasurements.measure(labels, intensity, predicted.uncertainty, outlines, calibration);
        return new PlaneSegmentation(predicted.planeIndex, labels, outlines, measurements, kept,
                options.keepUncertainty() ? predicted.uncertainty : null);
    }
}
