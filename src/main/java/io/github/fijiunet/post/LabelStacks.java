package io.github.fijiunet.post;

import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.Progress;
import java.util.function.Function;
import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.ImgFactory;
import net.imglib2.img.array.ArrayImgFactory;
import net.imglib2.img.cell.CellImgFactory;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/** Runs a per-plane labelling over a stack or time series and gathers the planes into one image. */
public final class LabelStacks {

    private LabelStacks() {}

    /**
     * Applies {@code perPlane} to each hyperslice along {@code planeDimension} (dimension 2 or
     * higher) and returns an XYP label image; ArrayImg below 2^31 pixels, CellImg above.
     */
    public static Img<IntType> perPlane(RandomAccessibleInterval<FloatType> probabilities, int planeDimension,
            Function<RandomAccessibleInterval<FloatType>, LabelPlane> perPlane, Progress progress) {
        if (planeDimension < 2 || planeDimension >= probabilities.numDimensions()) {
            throw new InvalidInputException("Plane dimension " + planeDimension + " is not a stack dimension of a "
                    + probabilities.numDimensions() + "D image (X and Y are 0 and 1).");
        }
        long w = probabilities.dimension(0);
        long h = probabilities.dimension(1);
        long planes = probabilities.dimension(planeDimension);
        Img<IntType> out = factory(w, h, planes).create(w, h, planes);
        for (long p = 0; p < planes; p++) {
            progress.checkCancelled();
            progress.update(p, planes, "Labelling plane " + (p + 1) + "/" + planes);
            LabelPlane plane = perPlane.apply(Views.hyperSlice(probabilities, planeDimension, probabilities.min(planeDimension) + p));
            write(plane, Views.hyperSlice(out, 2, p));
        }
        progress.update(planes, planes, "Labelling done");
        return out;
    }

    /** Copies a plane into a 2D slot of a label image. */
    public static void write(LabelPlane plane, RandomAccessibleInterval<IntType> target) {
        Cursor<IntType> c = Views.flatIterable(target).cursor();
        for (int v : plane.labels()) c.next().set(v);
    }

    /** One plane of a label stack (e.g. from {@link #perPlane}) as a label plane, for outlines and measurements. */
    public static LabelPlane plane(RandomAccessibleInterval<IntType> labels, int planeDimension, long plane) {
        return LabelPlane.copyOf(Views.hyperSlice(labels, planeDimension, labels.min(planeDimension) + plane));
    }

    /** ArrayImg while it fits one Java array; beyond that one cell per plane, so writing a plane touches one cell. */
    private static ImgFactory<IntType> factory(long width, long height, long planes) {
        return width * height * planes < Integer.MAX_VALUE - 8
                ? new ArrayImgFactory<>(new IntType())
                : new CellImgFactory<>(new IntType(), (int) width, (int) height, 1);
    }
}
