package io.github.fijiunet.workflow;

import ij.ImagePlus;
import ij.gui.Roi;
import ij.process.ImageProcessor;
import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.model.Task;
import io.github.fijiunet.tensor.Normalization;
import io.github.fijiunet.train.SegmentationDataset;

import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Training data drawn by hand: an image and the ROIs outlining its cells (ROI Manager) become one
 * training sample per annotated plane, each ROI filled with its own label. ROIs without a plane
 * position belong to the image's current plane.
 */
public final class RoiAnnotations {

    private RoiAnnotations() {}

    public static SegmentationDataset toDataset(ImagePlus image, Roi[] rois, Task task, Normalization normalization) {
        if (image == null) throw new InvalidInputException("Open the image you annotated first.");
        if (rois == null || rois.length == 0) {
            throw new InvalidInputException("The ROI Manager holds no ROIs. Outline some cells (one ROI per cell) and add them with [t].");
        }
        if (image.getType() == ImagePlus.COLOR_RGB || image.getNChannels() > 1) {
            throw new InvalidInputException("Training from ROIs needs a single-channel image; split the channels or convert to 8-bit grey.");
        }
        int width = image.getWidth();
        int height = image.getHeight();
        Map<Integer, int[]> labelsByPlane = new LinkedHashMap<>();
        Map<Integer, Integer> nextLabel = new LinkedHashMap<>();
        for (Roi roi : rois) {
            if (!roi.isArea()) continue;
            int plane = stackIndex(image, roi);
            int[] labels = labelsByPlane.computeIfAbsent(plane, p -> new int[width * height]);
            int label = nextLabel.merge(plane, 1, Integer::sum);
            paint(roi, labels, width, height, label);
        }
        if (labelsByPlane.isEmpty()) {
            throw new InvalidInputException("None of the ROIs encloses an area (lines and points cannot be cells). Outline cells with area selections.");
        }
        List<SegmentationDataset.Sample> samples = new ArrayList<>();
        for (Map.Entry<Integer, int[]> e : labelsByPlane.entrySet()) {
            ImageProcessor ip = image.getStack().getProcessor(e.getKey()).convertToFloatProcessor();
            samples.add(SegmentationDataset.sample(image.getTitle() + " plane " + e.getKey(), width, height,
                    (float[]) ip.getPixels(), e.getValue(), task, normalization));
        }
        return new SegmentationDataset(task, samples, rois.length + " ROIs on " + image.getTitle());
    }

    private static int stackIndex(ImagePlus image, Roi roi) {
        if (roi.hasHyperStackPosition()) {
            return image.getStackIndex(1, Math.max(1, roi.getZPosition()), Math.max(1, roi.getTPosition()));
        }
        return roi.getPosition() > 0 ? roi.getPosition() : image.getCurrentSlice();
    }

    private static void paint(Roi roi, int[] labels, int width, int height, int label) {
        Rectangle box = roi.getBounds();
        ImageProcessor mask = roi.getMask();
        for (int y = Math.max(0, box.y); y < Math.min(height, box.y + box.height); y++) {
            for (int x = Math.max(0, box.x); x < Math.min(width, box.x + box.width); x++) {
                if (mask == null || mask.get(x - box.x, y - box.y) != 0) labels[y * width + x] = label;
            }
        }
    }
}
