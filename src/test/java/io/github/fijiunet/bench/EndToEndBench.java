package io.github.fijiunet.bench;

import io.github.fijiunet.Progress;
import io.github.fijiunet.model.LoadedModel;
import io.github.fijiunet.model.ModelCatalog;
import io.github.fijiunet.model.RuntimeOptions;
import io.github.fijiunet.post.PixelCalibration;
import io.github.fijiunet.segment.CellSegmenter;
import io.github.fijiunet.segment.SegmentationOptions;
import io.github.fijiunet.tensor.ArrayPlane;
import io.github.fijiunet.tensor.PlaneStack;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * End-to-end ÷ inference-only rate (issue 20) for a stack of {@code planes} synthetic nuclei
 * planes of {@code size}² with the shipped nuclei-unet and its own post-processing: inference
 * only is every plane's tiled prediction; end to end is {@link CellSegmenter#segment} (normalise,
 * predict, labels, outlines, measurements). Best of {@code rounds}, interleaved, after a warm-up
 * of each (the first touch of a fresh heap is slow on virtual machines).
 * <pre>java -Xmx12g -cp target/test-classes:target/classes:$(cat cp.txt) io.github.fijiunet.bench.EndToEndBench [size] [planes] [rounds]</pre>
 */
public final class EndToEndBench {

    private EndToEndBench() {}

    public static void main(String[] args) throws Exception {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 8192;
        int planes = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        List<ArrayPlane> stack = new ArrayList<>();
        for (int p = 0; p < planes; p++) stack.add(new SyntheticNuclei(size, 5 + p).plane());
        try (LoadedModel model = LoadedModel.load(ModelCatalog.standard().resolve("nuclei-unet"), RuntimeOptions.DEFAULT)) {
            CellSegmenter segmenter = new CellSegmenter(model, SegmentationOptions.defaults());
            PlaneStack image = new PlaneStack(size, size, 1, planes, stack::get);
            double[] best = Timing.bestInterleaved(1, rounds,
                    () -> {
                        for (ArrayPlane plane : stack) Timing.predict(model, plane);
                    },
                    () -> segmenter.segment(image, PixelCalibration.PIXELS, Progress.NONE));
            double mpx = (double) size * size * planes / 1e6;
            System.out.printf(Locale.ROOT, "%d plane(s) of %d², nuclei-unet with its post-processing, best of %d, %d core(s)%n", planes, size, rounds,
                    Runtime.getRuntime().availableProcessors());
            System.out.printf(Locale.ROOT, "inference only %.2f s = %.2f Mpixel/s; end to end %.2f s = %.2f Mpixel/s; end-to-end ÷ inference-only rate %.2f%n",
                    best[0], mpx / best[0], best[1], mpx / best[1], best[0] / best[1]);
        }
    }
}
