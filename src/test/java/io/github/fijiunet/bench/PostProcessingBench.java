package io.github.fijiunet.bench;

import io.github.fijiunet.Progress;
import io.github.fijiunet.model.LoadedModel;
import io.github.fijiunet.model.ModelCatalog;
import io.github.fijiunet.model.RuntimeOptions;
import io.github.fijiunet.post.InstanceMethod;
import io.github.fijiunet.post.InstanceOptions;
import io.github.fijiunet.post.InstanceSegmenter;
import io.github.fijiunet.post.LabelPlane;
import io.github.fijiunet.post.ObjectMeasurements;
import io.github.fijiunet.post.ObjectOutline;
import io.github.fijiunet.post.OutlineTracer;
import io.github.fijiunet.post.PixelCalibration;
import io.github.fijiunet.predict.TiledPredictor;
import io.github.fijiunet.predict.TilingOptions;
import io.github.fijiunet.tensor.ArrayPlane;
import io.github.fijiunet.tensor.ChannelScaling;
import io.github.fijiunet.tensor.Normalizer;
import net.imglib2.img.array.ArrayImgs;

import java.util.List;
import java.util.Locale;

/**
 * Mpixel/s of each post-processing stage on nuclei-unet's probabilities for a synthetic
 * {@code size}² nuclei plane (predicted once): three-class decoding, distance watershed on the
 * same foreground, outlines and measurements, and the model's tuned defaults (from an ImgLib2
 * image, and in place on channel arrays as {@code CellSegmenter} runs it); best of {@code repeats}.
 * <pre>java -cp target/test-classes:target/classes:$(cat cp.txt) io.github.fijiunet.bench.PostProcessingBench [size] [repeats]</pre>
 */
public final class PostProcessingBench {

    public static void main(String[] args) throws Exception {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 4096;
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        ArrayPlane image = new SyntheticNuclei(size, 5).plane();
        float[] probabilities = new float[size * size * 3];
        try (LoadedModel model = LoadedModel.load(ModelCatalog.standard().resolve("nuclei-unet"), RuntimeOptions.DEFAULT)) {
            ChannelScaling scaling = Normalizer.compute(image, model.descriptor().normalization());
            Object[] arrays = {probabilities, probabilities, probabilities};
            int[] offsets = {0, size * size, 2 * size * size};
            new TiledPredictor(model, TilingOptions.DEFAULT).predictPlane(image, scaling,
                    ArrayPlane.of(ArrayPlane.Kind.FLOAT32, size, size, arrays, offsets), (t, n, m) -> { }, Progress.NONE);
        }
        double mpx = (double) size * size / 1e6;
        InstanceSegmenter threeClass = new InstanceSegmenter(InstanceOptions.defaults());
        InstanceSegmenter distance = new InstanceSegmenter(InstanceOptions.builder().method(InstanceMethod.DISTANCE_WATERSHED).build());
        // The shipped model's own post-processing (its descriptor's "postProcessing", seed_split included), when it has one.
        InstanceSegmenter tuned = new InstanceSegmenter(InstanceOptions.defaults().withModelDefaults(
                io.github.fijiunet.model.ModelDescriptor.read(ModelCatalog.standard().resolve("nuclei-unet")).postProcessing(), "nuclei-unet"));
        float[] intensity = new float[size * size];
        for (int y = 0; y < size; y++) image.readRow(0, y, 0, size, intensity, y * size, 1);
        double best3 = Double.MAX_VALUE;
        double bestD = Double.MAX_VALUE;
        double bestO = Double.MAX_VALUE;
        double bestM = Double.MAX_VALUE;
        double bestT = Double.MAX_VALUE;
        LabelPlane labels = null;
        int distanceObjects = 0;
        LabelPlane distanceLabels = null;
        LabelPlane tunedLabels = null;
        LabelPlane inPlaceLabels = null;
        double bestI = Double.MAX_VALUE;
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            labels = threeClass.segment(ArrayImgs.floats(probabilities, size, size, 3));
            long t1 = System.nanoTime();
            distanceLabels = distance.segment(ArrayImgs.floats(foreground(probabilities, size), size, size));
            distanceObjects = distanceLabels.maxLabel();
            long t2 = System.nanoTime();
            List<ObjectOutline> outlines = OutlineTracer.trace(labels, 0);
            long t3 = System.nanoTime();
            ObjectMeasurements.measure(labels, intensity, outlines, PixelCalibration.PIXELS);
            long t4 = System.nanoTime();
            tunedLabels = tuned.segment(ArrayImgs.floats(probabilities, size, size, 3));
            bestT = Math.min(bestT, (System.nanoTime() - t4) / 1e9);
            // As CellSegmenter runs it: on one array per channel, overwritten in place (copies made outside the timing).
            float[][] channels = new float[3][];
            for (int c = 0; c < 3; c++) channels[c] = java.util.Arrays.copyOfRange(probabilities, c * size * size, (c + 1) * size * size);
            long t5 = System.nanoTime();
            inPlaceLabels = tuned.segmentChannels(channels, size, size);
            bestI = Math.min(bestI, (System.nanoTime() - t5) / 1e9);
            best3 = Math.min(best3, (t1 - t0) / 1e9);
            bestD = Math.min(bestD, (t2 - t1) / 1e9);
            bestO = Math.min(bestO, (t3 - t2) / 1e9);
            bestM = Math.min(bestM, (t4 - t3) / 1e9);
        }
        System.out.printf(Locale.ROOT, "%d x %d synthetic nuclei, %d objects (three-class), %d (distance watershed); best of %d, %d core(s)%n",
                size, size, labels.maxLabel(), distanceObjects, repeats, Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "three-class decoding:        %6.3f s  %6.1f Mpixel/s%n", best3, mpx / best3);
        System.out.printf(Locale.ROOT, "distance watershed decoding: %6.3f s  %6.1f Mpixel/s%n", bestD, mpx / bestD);
        System.out.printf(Locale.ROOT, "outlines:                    %6.3f s  %6.1f Mpixel/s%n", bestO, mpx / bestO);
        System.out.printf(Locale.ROOT, "measurements:                %6.3f s  %6.1f Mpixel/s%n", bestM, mpx / bestM);
        System.out.printf(Locale.ROOT, "three-class + outlines + measurements: %6.1f Mpixel/s%n", mpx / (best3 + bestO + bestM));
        System.out.printf(Locale.ROOT, "three-class with the model's tuned defaults (%s): %6.3f s  %6.1f Mpixel/s%n", tuned.options(), bestT, mpx / bestT);
        System.out.printf(Locale.ROOT, "the same in place on the channel arrays (CellSegmenter's path): %6.3f s  %6.1f Mpixel/s%n", bestI, mpx / bestI);
        if (!java.util.Arrays.equals(tunedLabels.labels(), inPlaceLabels.labels())) throw new AssertionError("in-place labels differ");
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        for (int v : labels.labels()) crc.update(v);
        java.util.zip.CRC32 distanceCrc = new java.util.zip.CRC32();
        for (int v : distanceLabels.labels()) distanceCrc.update(v);
        java.util.zip.CRC32 tunedCrc = new java.util.zip.CRC32();
        for (int v : tunedLabels.labels()) tunedCrc.update(v);
        System.out.printf(Locale.ROOT, "labels CRC32: three-class %08x, distance watershed %08x, tuned %08x (%d objects)%n", crc.getValue(),
                distanceCrc.getValue(), tunedCrc.getValue(), tunedLabels.maxLabel());
    }

    private static float[] foreground(float[] probabilities, int size) {
        float[] f = new float[size * size];
        for (int i = 0; i < f.length; i++) f[i] = 1f - probabilities[i];
        return f;
    }
}
