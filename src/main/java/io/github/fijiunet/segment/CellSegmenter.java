package io.github.fijiunet.segment;

import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.Progress;
import io.github.fijiunet.model.LoadedModel;
import io.github.fijiunet.model.Task;
import io.github.fijiunet.post.InstanceSegmenter;
import io.github.fijiunet.post.LabelPlane;
import io.github.fijiunet.post.ObjectMeasurement;
import io.github.fijiunet.post.ObjectMeasurements;
import io.github.fijiunet.post.ObjectOutline;
import io.github.fijiunet.post.OutlineTracer;
import io.github.fijiunet.post.PixelCalibration;
import io.github.fijiunet.predict.TiledPredictor;
import io.github.fijiunet.tensor.ArrayPlane;
import io.github.fijiunet.tensor.ChannelScaling;
import io.github.fijiunet.tensor.Normalization;
import io.github.fijiunet.tensor.Normalizer;
import io.github.fijiunet.tensor.PlaneSource;
import io.github.fijiunet.tensor.PlaneStack;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

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
    private final InstanceSegmenter instances;

    public CellSegmenter(LoadedModel model, SegmentationOptions options) {
        Task task = model.descriptor().task();
        if (task == Task.CLASSIFICATION) {
            throw new InvalidInputException("The model \"" + model.descriptor().name()
                    + "\" classifies whole images; pick a segmentation model (e.g. nuclei-unet) to find cells.");
        }
        this.model = model;
        this.options = options;
        this.predictor = new TiledPredictor(model, options.tiling());
        this.instances = new InstanceSegmenter(options.instances());
    }


    /** Segments every plane; {@code calibration} scales areas and centroids. */
    public List<PlaneSegmentation> segment(PlaneStack image, PixelCalibration calibration, Progress progress) {
        checkChannels(image.channels());
        List<PlaneSegmentation> results = new ArrayList<>(image.planeCount());
        int stepsPerPlane = stepsFor(image.width(), image.height());
        long total = (long) image.planeCount() * stepsPerPlane;
        for (int p = 0; p < image.planeCount(); p++) {
            progress.checkCancelled();
            long done = (long) p * stepsPerPlane;
            String planeText = image.planeCount() > 1 ? "plane " + (p + 1) + "/" + image.planeCount() + ": " : "";
            PlaneSource plane = image.plane(p);
            if (isBlockwise(plane)) {
                results.add(segmentBlockwise(plane, p, calibration, progress.prefixed(planeText)));
            } else {
                results.add(segmentPlane(plane, p, scalingFor(plane), calibration, (step, steps, message) ->
                        progress.update(done + step, total, planeText + message), progress));
            }
            progress.update(done + stepsPerPlane, total, planeText + results.get(p).objectCount() + " objects");
        }
        return results;
    }

    /** Planes too large to post-process in one piece go block by block ({@link BlockSegmenter}). */
    public boolean isBlockwise(PlaneSource plane) {
        long pixels = (long) plane.width() * plane.height();
        if (pixels <= BlockSegmenter.BLOCKWISE_PIXELS) return false;
        if (options.keepProbabilities()) {
            throw new InvalidInputException("A " + plane.width() + "x" + plane.height() + " plane is segmented block by block, which keeps no "
                    + "probability map; switch off the probability output (or crop the image below "
                    + (BlockSegmenter.BLOCKWISE_PIXELS / 1_000_000) + " megapixels).");
        }
        return true;
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
        checkChannels(plane.channels());
        if (isBlockwise(plane)) {
            return new BlockSegmenter(this, BlockSegmenter.BLOCK_SIZE, BlockSegmenter.OVERLAP)
                    .segment(plane, planeIndex, scalingFor(plane), calibration, canvas, sink, progress);
        }
        PlaneSegmentation result = segmentPlane(plane, planeIndex, scalingFor(plane), calibration, (step, steps, message) ->
                progress.update(step, steps, message), progress);
        progress.update(1, 1, result.objectCount() + " objects");
        LabelPlane labels = result.labels();
        for (int y = 0; y < labels.height(); y++) canvas.claim(y, 0, labels.labels(), y * labels.width(), labels.width());
        for (int i = 0; i < result.objectCount(); i++) sink.accept(result.measurements().get(i), result.outlines().get(i));
        return new BlockSegmenter.Summary(result.objectCount(), 0);
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
    ChannelScaling scalingFor(PlaneSource plane) {
        Normalization normalization = options.normalization() != null ? options.normalization() : model.descriptor().normalization();
        return Normalizer.compute(plane, normalization);
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
        int width = source.width();
        int height = source.height();
        int channels = model.descriptor().output().channels();
        long values = (long) width * height * channels;
        if (values > Integer.MAX_VALUE - 8) {
            throw new InvalidInputException("A " + width + "x" + height + " plane with " + channels + " probability channels ("
                    + values + " values) is too large to post-process in one piece; crop it into parts of at most "
                    + (Integer.MAX_VALUE / channels / 1_000_000) + " megapixels (e.g. Image > Stacks > Tools > Montage to Stack).");
        }
        float[] probabilities = new float[(int) values];
        Object[] arrays = new Object[channels];
        int[] offsets = new int[channels];
        for (int c = 0; c < channels; c++) {
            arrays[c] = probabilities;
            offsets[c] = c * width * height;
        }
        int steps = stepsFor(width, height);
        predictor.predictPlane(source, scaling, ArrayPlane.of(ArrayPlane.Kind.FLOAT32, width, height, arrays, offsets),
                (tile, tiles, message) -> listener.tileDone(tile, steps, "predicting " + message), progress);
        progress.checkCancelled();
        int tiles = steps - POST_STEPS;
        listener.tileDone(tiles, steps, "finding objects");

        ArrayImg<FloatType, FloatArray> probabilityImg = channels == 1
                ? ArrayImgs.floats(probabilities, width, height)
                : ArrayImgs.floats(probabilities, width, height, channels);
        LabelPlane labels = instances.segment(probabilityImg);
        progress.checkCancelled();
        listener.tileDone(tiles + 1, steps, "tracing the outlines of " + labels.maxLabel() + " objects");
        List<ObjectOutline> outlines = OutlineTracer.trace(labels, planeIndex);
        listener.tileDone(tiles + 2, steps, "measuring " + outlines.size() + " objects");
        float[] intensity = new float[width * height];
        for (int y = 0; y < height; y++) source.readRow(0, y, 0, width, intensity, y * width, 1);
        List<ObjectMeasurement> measurements = ObjectMeasurements.measure(labels, intensity, outlines, calibration);
        float[][] kept = null;
        if (options.keepProbabilities()) {
            kept = new float[channels][];
            for (int c = 0; c < channels; c++) {
                kept[c] = java.util.Arrays.copyOfRange(probabilities, c * width * height, (c + 1) * width * height);
            }
        }
        return new PlaneSegmentation(planeIndex, labels, outlines, measurements, kept);
    }
}
