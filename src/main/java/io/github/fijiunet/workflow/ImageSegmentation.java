package io.github.fijiunet.workflow;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Roi;
import ij.measure.Calibration;
import ij.measure.ResultsTable;
import ij.process.FloatProcessor;
import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.Progress;
import io.github.fijiunet.io.LabelFiles;
import io.github.fijiunet.model.LoadedModel;
import io.github.fijiunet.post.LabelPlane;
import io.github.fijiunet.post.ObjectMeasurement;
import io.github.fijiunet.post.ObjectOutline;
import io.github.fijiunet.post.PixelCalibration;
import io.github.fijiunet.segment.CellSegmenter;
import io.github.fijiunet.segment.PlaneSegmentation;
import io.github.fijiunet.segment.SegmentationOptions;
import io.github.fijiunet.tensor.ImagePlusImgs;

import java.util.ArrayList;
import java.util.List;

/**
 * Segments an ImagePlus (every Z/T plane) and builds the ImageJ outputs. The one implementation
 * behind the SciJava command, the ImageJ 1.x macro bridge, the batch command and the CLI.
 */
public final class ImageSegmentation {

    private ImageSegmentation() {}

    public static SegmentationOutput run(ImagePlus imp, LoadedModel model, SegmentationOptions options, Progress progress) {
        checkImage(imp);
        Calibration cal = imp.getCalibration();
        PixelCalibration calibration = calibrationOf(imp);
        List<PlaneSegmentation> planes = new CellSegmenter(model, options).segment(ImagePlusImgs.planes(imp, options.channel()), calibration, progress);

        String base = OutputFolder.baseName(imp);
        List<LabelPlane> labelPlanes = new ArrayList<>();
        List<ObjectOutline> outlines = new ArrayList<>();
        List<ObjectMeasurement> measurements = new ArrayList<>();
        for (PlaneSegmentation p : planes) {
            labelPlanes.add(p.labels());
            outlines.addAll(p.outlines());
            measurements.addAll(p.measurements());
        }
        int slices = imp.getNSlices();
        int frames = imp.getNFrames();
        ImagePlus labels = LabelImages.toImagePlus(base + LabelFiles.SUFFIX, labelPlanes, slices, frames);
        labels.setCalibration(cal.copy());
        labels.setProperty(LabelImages.SOURCE_ID_PROPERTY, imp.getID());
        PlaneLayout layout = new PlaneLayout(slices, frames);
        List<Roi> rois = Rois.toRois(outlines, Rois.DEFAULT_PREFIX, layout);
        List<String> names = new ArrayList<>(rois.size());
        for (Roi r : rois) names.add(r.getName());
        ResultsTable table = ResultsTables.fill(new ResultsTable(), measurements, names, layout, calibration.unit(), false);
        ImagePlus probabilities = options.keepProbabilities()
                ? probabilityImage(base + "_probabilities", planes, imp, model.descriptor().classes()) : null;
        ImagePlus uncertainty = options.keepUncertainty() ? uncertaintyImage(base + "_uncertainty", planes, imp) : null;
        return new SegmentationOutput(imp, planes, labels, rois, table, probabilities, uncertainty);
    }

    /**
     * What happens to a Z stack or time series, for the user: "3 slices × 5 frames, segmented as 15
     * independent 2-D planes (Results: Slice and Frame)"; null for a single plane.
     */
    public static String planesNote(ImagePlus imp) {
        int slices = imp.getNSlices();
        int frames = imp.getNFrames();
        if (slices * frames == 1) return null;
        String what = slices > 1 && frames > 1 ? slices + " slices × " + frames + " frames"
                : slices > 1 ? slices + " slices" : frames + " frames";
        return what + ", segmented as " + slices * frames + " independent 2-D planes (objects are not linked across them; "
                + "Results: Slice and Frame)";
    }

    /**
     * The image's pixel size as ImageJ measures with it; {@link PixelCalibration#PIXELS} for an
     * uncalibrated image, and for 1 x 1 with a blank unit, which TIFF writers without a resolution
     * unit leave (ImageJ reads it as unit " ").
     */
    public static PixelCalibration calibrationOf(ImagePlus imp) {
        return calibrationOf(imp.getCalibration());
    }

    /** {@link #calibrationOf(ImagePlus)} from ImageJ's calibration alone (a plane read in place, {@code TiffPlaneFile}). */
    public static PixelCalibration calibrationOf(Calibration cal) {
        String unit = cal.getUnit() == null ? "" : cal.getUnit().trim();
        boolean unitSize = cal.pixelWidth == 1 && cal.pixelHeight == 1;
        if (!cal.scaled() || unitSize && (unit.isEmpty() || unit.equals("pixel"))) return PixelCalibration.PIXELS;
        return new PixelCalibration(cal.pixelWidth, cal.pixelHeight, unit.isEmpty() ? "unnamed-unit" : unit);
    }

    public static void checkImage(ImagePlus imp) {
        if (imp == null) throw new InvalidInputException("There is no image open. Open an image first (File > Open...).");
        long pixels = (long) imp.getWidth() * imp.getHeight();
        if (pixels > Integer.MAX_VALUE - 8) {
            throw new InvalidInputException("The image plane has " + pixels + " pixels, more than 2^31: crop it or bin it first.");
        }
    }

    /** One float plane per Z/T plane: the standard deviation of the foreground probability across the 8 augmentations. */
    private static ImagePlus uncertaintyImage(String title, List<PlaneSegmentation> planes, ImagePlus imp) {
        ImageStack stack = new ImageStack(imp.getWidth(), imp.getHeight());
        for (PlaneSegmentation p : planes) stack.addSlice("uncertainty", new FloatProcessor(imp.getWidth(), imp.getHeight(), p.uncertainty()));
        return perPixelImage(title, stack, 1, imp, 0.5); // a probability's standard deviation is at most 0.5
    }

    private static ImagePlus probabilityImage(String title, List<PlaneSegmentation> planes, ImagePlus imp, List<String> classes) {
        int w = imp.getWidth();
        int h = imp.getHeight();
        int channels = planes.get(0).probabilities().length;
        ImageStack stack = new ImageStack(w, h);
        for (PlaneSegmentation p : planes) {
            for (int c = 0; c < channels; c++) {
                stack.addSlice(c < classes.size() ? classes.get(c) : "class " + c, new FloatProcessor(w, h, p.probabilities()[c]));
            }
        }
        return perPixelImage(title, stack, channels, imp, 1);
    }

    /** A per-pixel result of {@code imp} ({@code channels} per Z/T plane) as a hyperstack calibrated as it, shown from 0 to {@code max}. */
    private static ImagePlus perPixelImage(String title, ImageStack stack, int channels, ImagePlus imp, double max) {
        ImagePlus out = new ImagePlus(title, stack);
        out.setDimensions(channels, imp.getNSlices(), imp.getNFrames());
        if (out.getStackSize() > 1) out.setOpenAsHyperStack(true);
        out.setCalibration(imp.getCalibration().copy());
        out.setDisplayRange(0, max);
        return out;
    }
}
