package io.github.fijiunet.workflow;

import ij.ImagePlus;
import io.github.fijiunet.AtomicFiles;
import io.github.fijiunet.Progress;
import io.github.fijiunet.io.Csv;
import io.github.fijiunet.io.LabelFiles;
import io.github.fijiunet.io.TiffPlaneFile;
import io.github.fijiunet.model.LoadedModel;
import io.github.fijiunet.post.ObjectMeasurement;
import io.github.fijiunet.post.PixelCalibration;
import io.github.fijiunet.segment.BlockSegmenter;
import io.github.fijiunet.segment.CellSegmenter;
import io.github.fijiunet.segment.LabelTiffFile;
import io.github.fijiunet.segment.SegmentationOptions;
import io.github.fijiunet.tensor.ImagePlusImgs;
import io.github.fijiunet.tensor.PlaneSource;
import io.github.fijiunet.tensor.PlaneStack;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * Segmentation of images too large for in-memory outputs: planes above
 * {@link BlockSegmenter#BLOCKWISE_PIXELS} (segmented block by block) and virtual stacks (read
 * from disk a plane at a time). Labels are streamed into {@code <name>_labels.tif} (one page per
 * Z/T plane, labels from 1 in each) and one CSV row per object into {@code <name>_results.csv};
 * memory stays bounded by one plane. No ROI set or overlay: hundreds of thousands of ROIs are
 * more than the ROI Manager can show. Both files appear only when complete.
 */
public final class StreamedSegmentation {

    private static final String[] COLUMNS = {ResultsTables.OBJECT, ResultsTables.PLANE, ResultsTables.SLICE, ResultsTables.FRAME,
        ResultsTables.AREA, ResultsTables.X, ResultsTables.Y,
        ResultsTables.MEAN, ResultsTables.MIN, ResultsTables.MAX, ResultsTables.PERIMETER, ResultsTables.CIRCULARITY, ResultsTables.UNIT};

    private StreamedSegmentation() {}

    /** True for images whose outputs are streamed: planes above the block-wise limit, or virtual stacks. */
    public static boolean appliesTo(ImagePlus imp) {
        return (long) imp.getWidth() * imp.getHeight() > BlockSegmenter.BLOCKWISE_PIXELS || imp.getStack().isVirtual();
    }

    public static List<Path> filesFor(Path directory, String baseName) {
        return List.of(directory.resolve(LabelFiles.fileName(baseName)), directory.resolve(baseName + "_results.csv"));
    }

    /** Segments {@code imp} into the files of {@link #filesFor}; existing files are kept unless {@code overwrite}. */
    public static BlockSegmenter.Summary run(ImagePlus imp, LoadedModel model, SegmentationOptions options, Path directory,
                                             String baseName, boolean overwrite, Progress progress) {
        ImageSegmentation.checkImage(imp);
        PlaneStack planes = ImagePlusImgs.planes(imp, options.channel());
        // Planes run Z fastest, then T, as in ImageJ stacks; the label file records both sizes.
        boolean zt = (long) imp.getNSlices() * imp.getNFrames() == planes.planeCount();
        PlaneLayout layout = zt ? new PlaneLayout(imp.getNSlices(), imp.getNFrames()) : new PlaneLayout(planes.planeCount(), 1);
        return run(planes.width(), planes.height(), planes.planeCount(), planes::plane, layout, ImageSegmentation.calibrationOf(imp),
                model, options, directory, baseName, overwrite, progress);
    }

    /**
     * As {@link #run(ImagePlus, LoadedModel, SegmentationOptions, Path, String, boolean, Progress)} for
     * a single plane read in place from its file ({@link TiffPlaneFile}): each block reads only its
     * window, so a plane larger than memory never has to be loaded.
     */
    public static BlockSegmenter.Summary run(TiffPlaneFile plane, LoadedModel model, SegmentationOptions options, Path directory,
                                             String baseName, boolean overwrite, Progress progress) {
        if (options.channel() > 1) {
            throw new io.github.fijiunet.InvalidInputException("channel " + options.channel() + " was asked for, but the image has 1 channel. "
                    + "Use channel 0 or 1.");
        }
        return run(plane.width(), plane.height(), 1, p -> plane, PlaneLayout.SINGLE_PLANE, ImageSegmentation.calibrationOf(plane.calibration()),
                model, options, directory, baseName, overwrite, progress);
    }

    private static BlockSegmenter.Summary run(int width, int height, int planeCount, IntFunction<PlaneSource> planes, PlaneLayout layout,
                                              PixelCalibration calibration, LoadedModel model, SegmentationOptions options, Path directory,
                                              String baseName, boolean overwrite, Progress progress) {
        CellSegmenter segmenter = new CellSegmenter(model, options);
        return write(directory, baseName, width, height, layout, calibration, options.testTimeAugmentation(), overwrite,
                (labels, sink) -> {
            int objects = 0;
            int cut = 0;
            for (int p = 0; p < planeCount; p++) {
                progress.checkCancelled();
                String planeText = planeCount > 1 ? "plane " + (p + 1) + "/" + planeCount + ": " : "";
                BlockSegmenter.Summary plane = segmenter.segmentInto(planes.apply(p), p, calibration, labels.plane(p), sink,
                        progress.prefixed(planeText));
                objects += plane.objectCount();
                cut += plane.cutObjectCount();
            }
            return new BlockSegmenter.Summary(objects, cut);
        });
    }

    /** The blocks of a plane segmented apart ({@link BlockSegmenter#segmentBlock}), handed over in block order. */
    public interface Blocks {
        int count();

        BlockSegmenter.Block read(int block);
    }

    /**
     * Writes the files of {@link #filesFor} for a single {@code width}×{@code height} plane from its
     * blocks, segmented elsewhere (Spark tasks): the same files {@link #run} writes for the plane
     * segmented here block by block. {@code uncertainty}: the blocks were segmented with test-time
     * augmentation, so the rows get its Uncertainty column.
     */
    public static BlockSegmenter.Summary assemble(Path directory, String baseName, int width, int height, PixelCalibration calibration,
                                                  boolean uncertainty, Blocks blocks, boolean overwrite) {
        return write(directory, baseName, width, height, PlaneLayout.SINGLE_PLANE, calibration, uncertainty, overwrite, (labels, sink) -> {
            int objects = 0;
            int cut = 0;
            for (int b = 0; b < blocks.count(); b++) {
                BlockSegmenter.Block block = blocks.read(b);
                BlockSegmenter.place(block, objects, labels.plane(0), sink);
                objects += block.objectCount();
                cut += block.cutObjectCount();
            }
            return new BlockSegmenter.Summary(objects, cut);
        });
    }

    /** Fills the label pages and result rows of one image. */
    private interface Content {
        BlockSegmenter.Summary fill(LabelTiffFile labels, BlockSegmenter.ObjectSink rows);
    }

    private static BlockSegmenter.Summary write(Path directory, String baseName, int width, int height, PlaneLayout layout,
                                                PixelCalibration calibration, boolean uncertainty, boolean overwrite, Content content) {
        List<Path> files = filesFor(directory, baseName);
        Path csv = files.get(1);
        try (AtomicFiles.OutputSet outputs = new AtomicFiles.OutputSet(baseName, files, overwrite)) {
            String unit = Csv.cell(calibration.unit());
            LabelTiffFile labels = new LabelTiffFile(outputs.open(files.get(0)), width, height, layout.slices(), layout.frames());
            BufferedWriter rows = new BufferedWriter(new OutputStreamWriter(outputs.open(csv).stream(), StandardCharsets.UTF_8));
            rows.write(String.join(",", COLUMNS) + (uncertainty ? "," + ResultsTables.UNCERTAINTY : ""));
            rows.newLine();
            BlockSegmenter.Summary summary = content.fill(labels, (m, outline) -> writeRow(rows, m, layout, unit, uncertainty));
            rows.flush();
            labels.finish();
            outputs.commit();
            return summary;
        } catch (IOException e) {
            throw AtomicFiles.writeFailed(csv, e);
        } catch (UncheckedIOException e) {
            throw AtomicFiles.writeFailed(csv, e.getCause());
        }
    }

    private static void writeRow(BufferedWriter rows, ObjectMeasurement m, PlaneLayout layout, String unit, boolean uncertainty) {
        try {
            rows.write(String.format(Locale.ROOT, "%d,%d,%d,%d,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.4f,%s", m.label(), m.plane() + 1,
                    layout.slice(m.plane()), layout.frame(m.plane()), m.area(), m.centroidX(),
                    m.centroidY(), m.mean(), m.min(), m.max(), m.perimeter(), m.circularity(), unit));
            if (uncertainty) rows.write(String.format(Locale.ROOT, ",%.4f", m.uncertainty()));
            rows.newLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
