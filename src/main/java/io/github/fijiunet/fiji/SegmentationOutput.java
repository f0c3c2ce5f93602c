package io.github.fijiunet.fiji;

import ij.ImagePlus;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.io.FileSaver;
import ij.measure.ResultsTable;
import ij.plugin.frame.RoiManager;
import io.github.fijiunet.AtomicFiles;
import io.github.fijiunet.FijiUnetException;
import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.segment.PlaneSegmentation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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

    SegmentationOutput(ImagePlus input, List<PlaneSegmentation> planes, ImagePlus labelImage, List<Roi> rois,
                       ResultsTable results, ImagePlus probabilityMap) {
        this.input = input;
        this.planes = List.copyOf(planes);
        this.labelImage = labelImage;
        this.rois = List.copyOf(rois);
        this.results = results;
        this.probabilityMap = probabilityMap;
    }

    public List<PlaneSegmentation> planes() {
        return planes;
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

    public int objectCount() {
        return rois.size();
    }

    public void addToRoiManager(RoiManager manager, boolean clearFirst) {
        Rois.addToManager(manager, rois, clearFirst);
    }

    /** Adds the outlines to the input image's overlay (creating one if needed). */
    public void addOverlay() {
        Overlay overlay = input.getOverlay() != null ? input.getOverlay() : new Overlay();
        Rois.addToOverlay(overlay, rois);
        input.setOverlay(overlay);
    }

    /** The files {@link #save} writes for {@code baseName} in {@code directory}. */
    public static List<Path> filesFor(Path directory, String baseName) {
        return List.of(directory.resolve(baseName + "_labels.tif"), directory.resolve(baseName + "_rois.zip"),
                directory.resolve(baseName + "_results.csv"), directory.resolve(baseName + "_overlay.png"));
    }

    /**
     * Writes label TIFF, ROI zip, results CSV and an overlay PNG (input with outlines, first plane).
     * Refuses, before writing anything, when any of them exists and {@code overwrite} is false.
     */
    public List<Path> save(Path directory, String baseName, boolean overwrite) {
        List<Path> files = filesFor(directory, baseName);
        if (!overwrite) {
            List<Path> existing = new ArrayList<>();
            for (Path f : files) if (Files.exists(f)) existing.add(f);
            if (!existing.isEmpty()) {
                throw new InvalidInputException("Output files already exist: " + existing
                        + ". Choose another output folder or allow overwriting.");
            }
        }
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new FijiUnetException("Cannot create the output folder " + directory + ": " + e.getMessage()
                    + ". Choose a folder you can write to.", e);
        }
        writeAtomically(files.get(0), overwrite, tmp -> new FileSaver(labelImage).saveAsTiff(tmp.toString()));
        Rois.saveZip(rois, files.get(1), overwrite);
        writeAtomically(files.get(2), overwrite, tmp -> {
            try {
                results.saveAs(tmp.toString());
                return true;
            } catch (IOException e) {
                return false;
            }
        });
        writeAtomically(files.get(3), overwrite, tmp -> {
            ImagePlus flat = overlayPreview();
            return new FileSaver(flat).saveAsPng(tmp.toString());
        });
        return files;
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

    private interface FileWriter {
        boolean write(Path tmp);
    }

    private static void writeAtomically(Path target, boolean overwrite, FileWriter writer) {
        try {
            // ImageJ's writers pick the format from the extension and report failure by returning false.
            AtomicFiles.write(target, overwrite, true, part -> {
                if (!writer.write(part) || !Files.exists(part)) throw new IOException("ImageJ's writer did not write it");
            });
        } catch (IOException e) {
            throw new FijiUnetException("Could not write " + target + ": " + e.getMessage() + ". Check that the folder is writable and has space.", e);
        }
    }
}
