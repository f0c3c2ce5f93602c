package io.github.fijiunet.io;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ImageProcessor;
import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.post.LabelPlane;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Label images (ground truth, predictions, training masks) read as exact integers: signed 16-bit
 * images give their true values (ImageJ stores them offset by 32768, so background would read as
 * 32768), and 32-bit (float) images with IDs of {@value #FLOAT_EXACT_LABELS} or more are refused,
 * since float32 cannot tell such IDs apart.
 */
public final class LabelFiles {

    /** Whole numbers from this one on are not all exact in 32-bit float (a 24-bit significand): IDs may have merged. */
    public static final int FLOAT_EXACT_LABELS = 1 << 24;

    /** What segmentation appends to an input's base name for its label image: {@code cells.tif} → {@code cells_labels.tif}. */
    public static final String SUFFIX = "_labels";

    private LabelFiles() {}

    /** The label image's file name for an input of base name {@code baseName}. */
    public static String fileName(String baseName) {
        return baseName + SUFFIX + ".tif";
    }

    /** Every plane of an 8-, 16- or 32-bit greyscale label image. */
    public static List<LabelPlane> read(Path file) {
        ImagePlus imp = ImageFiles.open(file);
        if (imp.getType() == ImagePlus.COLOR_RGB || imp.getType() == ImagePlus.COLOR_256) {
            throw new InvalidInputException(file + " is an RGB/colour image; label images must be 8-, 16- or 32-bit greyscale.");
        }
        List<LabelPlane> planes = new ArrayList<>();
        ImageStack stack = imp.getStack();
        for (int s = 1; s <= stack.getSize(); s++) {
            ImageProcessor ip = stack.getProcessor(s);
            planes.add(LabelPlane.of(ip.getWidth(), ip.getHeight(), labels(imp, ip, file)));
        }
        return planes;
    }

    /** The exact labels of {@code ip}, one plane of {@code imp} (read from {@code file}, named in messages). */
    public static int[] labels(ImagePlus imp, ImageProcessor ip, Path file) {
        double offset = imp.getCalibration().isSigned16Bit() ? -32768 : 0;
        boolean float32 = imp.getBitDepth() == 32;
        int n = ip.getPixelCount();
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            double v = ip.getf(i) + offset;
            if (v < 0 || v != Math.rint(v)) {
                throw new InvalidInputException(file + " holds the value " + (v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v))
                        + ", not a label (labels are whole numbers >= 0).");
            }
            if (float32 && v >= FLOAT_EXACT_LABELS) {
                throw new InvalidInputException(file + " is a 32-bit image with label " + (long) v + ", but 32-bit images hold whole numbers "
                        + "exactly only below " + FLOAT_EXACT_LABELS + ", so larger IDs may have merged. Save the labels as 16-bit "
                        + "(up to 65535 objects), or as 32-bit with IDs below " + FLOAT_EXACT_LABELS + " (renumbered 1..n).");
            }
            labels[i] = (int) v;
        }
        return labels;
    }
}
