package io.github.fijiunet.bench;

import io.github.fijiunet.Progress;
import io.github.fijiunet.model.LoadedModel;
import io.github.fijiunet.model.ModelCatalog;
import io.github.fijiunet.model.RuntimeOptions;
import io.github.fijiunet.predict.TiledPredictor;
import io.github.fijiunet.predict.TilingOptions;
import io.github.fijiunet.segment.SegmentationOptions;
import io.github.fijiunet.tensor.ArrayPlane;
import io.github.fijiunet.tensor.Normalizer;
import io.github.fijiunet.workflow.BatchReport;
import io.github.fijiunet.workflow.BatchSegmentation;
import io.github.fijiunet.workflow.OutputFolder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Issue 20's small-image target in one run: {@code batch} on a folder of 256² fields (every output
 * written, model loaded and warm) in Mpixel/s, against the inference-only rate of one large
 * synthetic plane with the same model; the ratio is the figure.
 * <pre>java -cp target/test-classes:target/classes:$(cat cp.txt) io.github.fijiunet.bench.BatchBench [fields] [large side] [rounds]</pre>
 */
public final class BatchBench {

    private BatchBench() {}

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int side = args.length > 1 ? Integer.parseInt(args[1]) : 4096;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        Path dir = Files.createTempDirectory("fiji-unet-batch-bench");
        Path input = SmallFields.write(dir.resolve("in"), count);
        try (LoadedModel model = LoadedModel.load(ModelCatalog.standard().resolve("nuclei-unet"), RuntimeOptions.DEFAULT)) {
            double large = Timing.bestPrediction(model, new SyntheticNuclei(side, 5).plane(), rounds);
            SegmentationOptions options = SegmentationOptions.defaults();
            BatchSegmentation.prepare(SmallFields.write(dir.resolve("warm-in"), 24), dir.resolve("warm"), false, OutputFolder.Wording.CLI)
                    .run(model, options, Progress.NONE);
            double best = Double.MAX_VALUE;
            for (int r = 0; r < rounds; r++) {
                long t0 = System.nanoTime();
                BatchReport report = BatchSegmentation.prepare(input, dir.resolve("out" + r), false, OutputFolder.Wording.CLI)
                        .run(model, options, Progress.NONE);
                double seconds = (System.nanoTime() - t0) / 1e9;
                best = Math.min(best, seconds);
                System.out.printf(Locale.ROOT, "batch round %d: %.2f s, %d rows%n", r + 1, seconds, report.items().size());
            }
            double alone = fieldsInferenceSeconds(model, input, count, 1, false);
            double sideBySide = fieldsInferenceSeconds(model, input, count, 16, false);
            double batched = fieldsInferenceSeconds(model, input, count, 16, true);
            double largeRate = (double) side * side / large / 1e6;
            double batchRate = (double) count * SmallFields.SIDE * SmallFields.SIDE / best / 1e6;
            System.out.printf(Locale.ROOT, "%d² plane, inference only: %.2f s = %.2f Mpixel/s (best of %d)%n", side, large, largeRate, rounds);
            System.out.printf(Locale.ROOT, "batch, %d fields of %d² (all outputs written): %.2f s = %.2f Mpixel/s = %.1f ms per field (best of %d)%n",
                    count, SmallFields.SIDE, best, batchRate, best * 1000 / count, rounds);
            System.out.printf(Locale.ROOT, "fields, inference only: one at a time %.2f Mpixel/s; 16 threads side by side %.2f; 16 threads, windows batched %.2f%n",
                    fieldPixels(count) / alone / 1e6, fieldPixels(count) / sideBySide / 1e6, fieldPixels(count) / batched / 1e6);
            System.out.printf(Locale.ROOT, "batch rate ÷ large-plane inference rate: %.2f (%d core(s))%n", batchRate / largeRate,
                    Runtime.getRuntime().availableProcessors());
            printFieldBreakdown(model, input.resolve("field0000.tif"), dir.resolve("breakdown"));
        }
    }

    /** Where one field's time goes, one thing at a time (ms each, mean of 200): what the batch overlaps and what it cannot. */
    static void printFieldBreakdown(LoadedModel model, Path field, Path out) throws Exception {
        java.nio.file.Files.createDirectories(out);
        ij.ImagePlus imp = io.github.fijiunet.io.ImageFiles.open(field);
        SegmentationOptions options = SegmentationOptions.defaults();
        io.github.fijiunet.workflow.SegmentationOutput output = io.github.fijiunet.workflow.ImageSegmentation.run(imp, model, options, Progress.NONE);
        ij.ImagePlus overlay = output.overlayPreview();
        StringBuilder line = new StringBuilder("one field alone, ms:");
        line.append(String.format(Locale.ROOT, " open %.2f", msEach(() -> io.github.fijiunet.io.ImageFiles.open(field).close())));
        line.append(String.format(Locale.ROOT, ", segment %.2f", msEach(() -> io.github.fijiunet.workflow.ImageSegmentation.run(imp, model, options, Progress.NONE))));
        line.append(String.format(Locale.ROOT, ", save all four files %.2f", msEach(() -> output.save(out, "field", true))));
        line.append(String.format(Locale.ROOT, " (overlay drawn %.2f, PNG encoded %.2f, ROI zip %.2f, CSV %.2f; the rest label TIFF, sync and renames)",
                msEach(output::overlayPreview),
                msEach(() -> io.github.fijiunet.workflow.SegmentationOutput.png(overlay).writeTo(new java.io.ByteArrayOutputStream())),
                msEach(() -> io.github.fijiunet.workflow.Rois.zip(output.rois()).writeTo(new java.io.ByteArrayOutputStream())),
                msEach(() -> io.github.fijiunet.workflow.ResultsTables.csvLines(output.results()))));
        System.out.println(line);
    }

    private interface Step {
        void run() throws Exception;
    }

    private static double msEach(Step step) throws Exception {
        int n = 200;
        for (int i = 0; i < n / 4; i++) step.run();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) step.run();
        return (System.nanoTime() - t0) / 1e6 / n;
    }

    static double fieldPixels(int count) {
        return (double) count * SmallFields.SIDE * SmallFields.SIDE;
    }

    /**
     * Predicts the {@code count} fields of {@code input} (read beforehand) with {@code threads}
     * threads side by side, their windows {@code batched} or not ({@link LoadedModel#batchingWindows}):
     * inference alone, no post-processing or files.
     */
    static double fieldsInferenceSeconds(LoadedModel loaded, Path input, int count, int threads, boolean batched) throws Exception {
        LoadedModel model = batched ? loaded.batchingWindows() : loaded;
        java.util.List<ArrayPlane> fields = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            fields.add((ArrayPlane) io.github.fijiunet.tensor.ImagePlusImgs.planes(ij.IJ.openImage(
                    input.resolve(String.format(Locale.ROOT, "field%04d.tif", i)).toString())).plane(0));
        }
        TiledPredictor predictor = new TiledPredictor(model, TilingOptions.DEFAULT);
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        Runnable work = () -> {
            int n = SmallFields.SIDE * SmallFields.SIDE;
            float[] out = new float[3 * n];
            ArrayPlane target = ArrayPlane.of(ArrayPlane.Kind.FLOAT32, SmallFields.SIDE, SmallFields.SIDE, new Object[] {out, out, out}, new int[] {0, n, 2 * n});
            for (int i; (i = next.getAndIncrement()) < fields.size(); ) {
                ArrayPlane field = fields.get(i);
                predictor.predictPlane(field, Normalizer.compute(field, model.descriptor().normalization()), target, (d, t, m) -> { }, Progress.NONE);
            }
        };
        long t0 = System.nanoTime();
        Thread[] running = new Thread[threads];
        for (int t = 0; t < threads; t++) (running[t] = new Thread(work)).start();
        for (Thread t : running) t.join();
        return (System.nanoTime() - t0) / 1e9;
    }
}
