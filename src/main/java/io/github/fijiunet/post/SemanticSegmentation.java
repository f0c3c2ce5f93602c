package io.github.fijiunet.post;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.real.FloatType;

/** Probabilities to class maps: a thresholded foreground mask, or the most probable class per pixel. */
public final class SemanticSegmentation {

    private SemanticSegmentation() {}

    /** 1 where the XY foreground probability is above the threshold, else 0. */
    public static LabelPlane threshold(RandomAccessibleInterval<FloatType> probability, Threshold threshold) {
        Planes.requirePlane(probability, "foreground probability");
        boolean[] mask = threshold.apply(Planes.toFloats(probability), null);
        int[] classes = new int[mask.length];
        for (int i = 0; i < mask.length; i++) classes[i] = mask[i] ? 1 : 0;
        return new LabelPlane((int) probability.dimension(0), (int) probability.dimension(1), classes, 1);
    }

    /** Index (0..C-1) of the most probable channel of an XYC plane; ties go to the lower index. */
    public static LabelPlane argmax(RandomAccessibleInterval<FloatType> probabilities) {
        int channels = Planes.channelCount(probabilities);
        float[] best = Planes.toFloats(Planes.channel(probabilities, 0));
        int[] classes = new int[best.length];
        for (int c = 1; c < channels; c++) {
            float[] p = Planes.toFloats(Planes.channel(probabilities, c));
            for (int i = 0; i < p.length; i++) {
                if (p[i] > best[i]) {
                    best[i] = p[i];
                    classes[i] = c;
                }
            }
        }
        return new LabelPlane((int) probabilities.dimension(0), (int) probabilities.dimension(1), classes, channels - 1);
    }
}
