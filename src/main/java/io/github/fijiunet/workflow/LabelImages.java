package io.github.fijiunet.workflow;

import ij.ImagePlus;
import ij.ImageStack;
import ij.WindowManager;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.LUT;
import ij.process.ShortProcessor;
import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.post.GlasbeyLut;
import io.github.fijiunet.post.LabelPlane;

import java.util.List;

/** Label planes to an ImageJ image: 16-bit up to 65535 labels, else 32-bit; glasbey LUT; hyperstack positions. */
public final class LabelImages {

    /**
     * Property of a label image holding the ID of the image it was segmented from, so that
     * commands run on the label image (Classify ROIs) can measure the original instead.
     */
    public static final String SOURCE_ID_PROPERTY = "fiji-unet.source-id";

    /** 32-bit float holds whole numbers exactly only up to 2^24. */
    static final int MAX_FLOAT_LABEL = 1 << 24;

    private LabelImages() {}

    public static ImagePlus toImagePlus(String title, LabelPlane plane) {
        return toImagePlus(title, List.of(plane), 1, 1);
    }

    /**
     * One image from {@code slices * frames} planes in ImageJ's plane order (z fastest, then t);
     * a single plane gives a plain image.
     */
    public static ImagePlus toImagePlus(String title, List<LabelPlane> planes, int slices, int frames) {
        if (planes.isEmpty() || (long) slices * frames != planes.size()) {
            throw new InvalidInputException(planes.size() + " label planes cannot fill " + slices + " slices x " + frames + " frames.");
        }
        int w = planes.get(0).width();
        int h = planes.get(0).height();
        int maxLabel = 0;
        for (LabelPlane p : planes) {
            if (p.width() != w || p.height() != h) throw new InvalidInputException("All label planes of a stack must have the same size.");
            maxLabel = Math.max(maxLabel, p.maxLabel());
        }
        if (maxLabel >= MAX_FLOAT_LABEL) {
            throw new InvalidInputException(maxLabel + " labels exceed what a 32-bit ImageJ image stores exactly (2^24); split the image into tiles.");
        }
        boolean sixteenBit = maxLabel <= 65535;
        ImageStack stack = new ImageStack(w, h);
        for (LabelPlane p : planes) stack.addSlice(sixteenBit ? toShort(p) : toFloat(p));
        ImagePlus imp = new ImagePlus(title, stack);
        if (planes.size() > 1) {
            imp.setDimensions(1, slices, frames);
            imp.setOpenAsHyperStack(true);
        }
        applyGlasbey(imp, maxLabel);
        return imp;
    }

    /** Glasbey colours; labels 1..255 map one-to-one onto LUT entries, larger counts spread over it. */
    public static void applyGlasbey(ImagePlus imp, int maxLabel) {
        byte[][] rgb = GlasbeyLut.rgb();
        LUT lut = new LUT(rgb[0], rgb[1], rgb[2]);
        imp.getProcessor().setLut(lut);
        if (imp.getStackSize() > 1) imp.getStack().setColorModel(lut);
        imp.setDisplayRange(0, Math.max(255, maxLabel));
    }

    private static ImageProcessor toShort(LabelPlane p) {
        int[] labels = p.labels();
        short[] pixels = new short[labels.length];
        for (int i = 0; i < labels.length; i++) pixels[i] = (short) labels[i];
        return new ShortProcessor(p.width(), p.height(), pixels, null);
    }

    private static ImageProcessor toFloat(LabelPlane p) {
        int[] labels = p.labels();
        float[] pixels = new float[labels.length];
        for (int i = 0; i < labels.length; i++) pixels[i] = labels[i];
        return new FloatProcessor(p.width(), p.height(), pixels, null);
    }

    /**
     * The image {@code imp} was segmented from when {@code imp} is a label image made here and that
     * image is still open (displayed, or in a batch-mode macro's list); otherwise {@code imp}.
     */
    public static ImagePlus sourceOrSelf(ImagePlus imp) {
        Object id = imp.getProperty(SOURCE_ID_PROPERTY);
        ImagePlus source = id instanceof Integer ? WindowManager.getImage((Integer) id) : null;
        return source != null ? source : imp;
    }

    /** Whether {@code imp} is a label image made by fiji-unet (in this session). */
    public static boolean isLabelImage(ImagePlus imp) {
        return imp.getProperty(SOURCE_ID_PROPERTY) != null;
    }
}
