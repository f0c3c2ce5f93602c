package io.github.fijiunet.workflow;

import ij.ImagePlus;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.io.FileInfo;
import ij.io.FileSaver;
import ij.io.TiffEncoder;
import ij.measure.ResultsTable;
import io.github.fijiunet.AtomicFiles;
import io.github.fijiunet.io.LabelFiles;
import io.github.fijiunet.post.PixelCalibration;
import io.github.fijiunet.segment.PlaneSegmentation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * A segmentation as ImageJ objects: label image (16-bit, 32-bit beyond 65535 objects, glasbey
 * LUT), one named ROI per cell, a results table, optionally the probability map; and the files a
 * batch run writes. Nothing is shown: the command decides what to display.
 */
public final class SegmentationOutput {

    private final ImagePlus input;
    private final List<PlaneSegmentation> planes;
    private final ImagePlus labelImage;
    private final List<Roi> rois;
    private final ResultsTable results;
    private final ImagePlus probabilityMap;
    private final ImagePlus uncertaintyMap;

    SegmentationOutput(ImagePlus input, List<PlaneSegmentation> planes, ImagePlus labelImage, List<Roi> rois,
                       ResultsTable results, ImagePlus probabilityMap, ImagePlus uncertaintyMap) {
        this.input = input;
        this.planes = List.copyOf(planes);
        this.labelImage = labelImage;
        this.rois = List.copyOf(rois);
        this.results = results;
        this.probabilityMap = probabilityMap;
        this.uncertaintyMap = uncertaintyMap;
    }

    public List<PlaneSegmentation> planes() {
        return planes;
    }

    /** The image that was segmented. */
    public ImagePlus input() {
        return input;
    }

    public ImagePlus labelImage() {
        return labelImage;
    }

    public List<Roi> rois() {
        return rois;
    }

    public ResultsTable results() {
        return results;
    }

    /** The per-pixel probabilities (a channel per class), or null when not requested. */
    public ImagePlus probabilityMap() {
        return probabilityMap;
    }

    /** Test-time augmentation's per-pixel uncertainty (a plane per Z/T plane), or null when not requested. */
    public ImagePlus uncertaintyMap() {
        return uncertaintyMap;
    }

    public int objectCount() {
        return rois.size();
    }

    /**
     * What the status bar says at the end, with the units of the results: "64 objects in blobs.gif
     * (Area in µm^2; X, Y, Perimeter in µm)", or "(sizes in pixels)" for an uncalibrated image.
     */
    public String summary() {
        PixelCalibration calibration = ImageSegmentation.calibrationOf(input);
        String units = calibration == PixelCalibration.PIXELS ? "sizes in pixels"
                : "Area in " + calibration.unit() + "^2; X, Y, Perimeter in " + calibration.unit();
        return objectCount() + " objects in " + input.getTitle() + " (" + units + ")";
    }

    /** Adds the outlines to the input image's overlay (creating one if needed). */
    public void addOverlay() {
        Overlay overlay = input.getOverlay() != null ? input.getOverlay() : new Overlay();
        Rois.addToOverlay(overlay, rois);
        input.setOverlay(overlay);
    }

    /** The files {@link #save} writes for {@code baseName} in {@code directory}. */
    public static List<Path> filesFor(Path directory, String baseName) {
        return List.of(directory.resolve(LabelFiles.fileName(baseName)), directory.resolve(baseName + "_rois.zip"),
                directory.resolve(baseName + "_results.csv"), directory.resolve(baseName + "_overlay.png"));
    }

    /**
     * Writes label TIFF, ROI zip, results CSV and an overlay PNG (input with outlines, first plane)
     * as one set: all or none of them appear, from this run. Refuses, before writing anything,
     * when any of them exists and {@code overwrite} is false.
     */
    public List<Path> save(Path directory, String baseName, boolean overwrite) {
        List<Path> files = filesFor(directory, baseName);
        try (AtomicFiles.OutputSet outputs = new AtomicFiles.OutputSet(baseName, files, overwrite)) {
            outputs.write(files.get(0), tiff(labelImage));
            outputs.write(files.get(1), Rois.zip(rois));
            outputs.write(files.get(2), AtomicFiles.lines(ResultsTables.csvLines(results)));
            outputs.write(files.get(3), png(overlayPreview()));
            outputs.commit();
        }
        return files;
    }

    /** As ImageJ's FileSaver.saveAsTiff, which reports a failed write with a dialog instead of an exception. */
    private static AtomicFiles.Content tiff(ImagePlus imp) {
        return out -> {
            FileInfo info = imp.getFileInfo();
            info.description = new FileSaver(imp).getDescriptionString();
            info.info = imp.getInfoProperty();
            info.sliceLabels = imp.getStack().getSliceLabels();
            info.properties = imp.getPropertiesAsArray();
            new TiffEncoder(info).write(out);
        };
    }

    /**
     * As ImageJ's PNG writer does for RGB images, without its error dialog. Cached in memory: the
     * default file cache sits on another disk, and one that fails to close throws again at exit.
     */
    public static AtomicFiles.Content png(ImagePlus rgb) {
        return out -> {
            Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("png");
            if (!writers.hasNext()) throw new IOException("this Java has no PNG writer");
            ImageWriter writer = writers.next();
            try (ImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
                writer.setOutput(stream);
                writer.write(rgb.getBufferedImage());
            } finally {
                writer.dispose();
            }
        };
    }

    /** The input's current plane as RGB with the outlines burnt in. */
    public ImagePlus overlayPreview() {
        ImagePlus plane = new ImagePlus(input.getTitle(), input.getProcessor().duplicate());
        plane.setCalibration(input.getCalibration());
        Overlay overlay = new Overlay();
        int current = input.getStackSize() > 1 ? (input.getFrame() - 1) * input.getNSlices() + input.getSlice() - 1 : 0;
        // ROIs follow the planes' outlines in order: skip to the current plane's run.
        int first = 0;
        for (PlaneSegmentation p : planes) {
            if (p.plane() == current) {
                for (Roi source : rois.subList(first, first + p.objectCount())) {
                    Roi roi = (Roi) source.clone();
                    roi.setPosition(0);
                    roi.setStrokeColor(java.awt.Color.YELLOW);
                    overlay.add(roi);
                }
            }
            first += p.objectCount();
        }
        plane.setOverlay(overlay);
        return plane.flatten();
    }
}
