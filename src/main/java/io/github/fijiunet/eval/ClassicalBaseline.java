package io.github.fijiunet.eval;

import io.github.fijiunet.post.Connectivity;
import io.github.fijiunet.post.GaussianBlur;
import io.github.fijiunet.post.InstanceMethod;
import io.github.fijiunet.post.InstanceOptions;
import io.github.fijiunet.post.InstanceSegmenter;
import io.github.fijiunet.post.LabelPlane;
import io.github.fijiunet.post.Otsu;
import io.github.fijiunet.post.Planes;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

/**
 * What users do with ImageJ's own tools, as a reference for the networks: Gaussian blur, Otsu
 * threshold, distance-transform watershed, size filter.
 */
public final class ClassicalBaseline {

    private final BaselineOptions options;
    private final InstanceSegmenter splitter;

    public ClassicalBaseline(BaselineOptions options) {
        this.options = options;
        this.splitter = new InstanceSegmenter(InstanceOptions.builder()
                .method(InstanceMethod.DISTANCE_WATERSHED)
                .distanceSigma(options.distanceSigma())
                .seedProminence(options.seedProminence())
                .connectivity(Connectivity.EIGHT)
                .minSize(options.minSize())
                .fillHoles(true)
                .build());
    }

    public LabelPlane segment(RandomAccessibleInterval<? extends RealType<?>> grey) {
        return segment(Planes.toFloats(grey), (int) grey.dimension(0), (int) grey.dimension(1));
    }

    /** Labels objects of a row-major grey plane. */
    public LabelPlane segment(float[] grey, int width, int height) {
        float[] smooth = GaussianBlur.blur(grey, width, height, options.sigma());
        float threshold = Otsu.threshold(smooth, null);
        boolean[] above = new boolean[smooth.length];
        long aboveCount = 0;
        for (int i = 0; i < smooth.length; i++) {
            above[i] = smooth[i] > threshold;
            if (above[i]) aboveCount++;
        }
        boolean bright = options.polarity() == ObjectPolarity.BRIGHT
                || (options.polarity() == ObjectPolarity.AUTO && 2 * aboveCount <= smooth.length);
        boolean[] mask = above;
        if (!bright) {
            mask = new boolean[above.length];
            for (int i = 0; i < above.length; i++) mask[i] = !above[i];
        }
        return splitter.cleanUp(splitter.splitByDistance(mask, width, height));
    }
}
