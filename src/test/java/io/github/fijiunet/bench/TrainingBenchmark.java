package io.github.fijiunet.bench;

import io.github.fijiunet.AtomicFolders;
import io.github.fijiunet.Progress;
import io.github.fijiunet.engine.tf.train.Trainer;
import io.github.fijiunet.model.CpuFeatures;
import io.github.fijiunet.model.Precision;
import io.github.fijiunet.model.Task;
import io.github.fijiunet.tensor.Normalization;
import io.github.fijiunet.train.Architecture;
import io.github.fijiunet.train.ImageFolders;
import io.github.fijiunet.train.SegmentationDataset;
import io.github.fijiunet.train.TrainingListener;
import io.github.fijiunet.train.TrainingOptions;
import io.github.fijiunet.train.TrainingReport;

import org.tensorflow.types.TFloat32;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Training throughput of the nuclei-unet configuration (3-class U-Net, depth 4, 16 filters,
 * 128² patches, batch 8) on the bundled nuclei images, after warm-up: samples/s and the counted training FLOP/s
 * (3 × forward per step) against TensorFlow's sgemm FLOP/s in the same run, in float32 and, on CPUs
 * with bfloat16 instructions, in bfloat16.
 */
final class TrainingBenchmark {

    private static final int STEPS = 40;
    /** Steps left out of the rate: the first builds oneDNN's kernels, which a real run pays once. */
    private static final int WARM_UP_STEPS = 5;
    private static final int BATCH = 8;
    private static final int PATCH = 128;

    private TrainingBenchmark() {}

    static void run(int threads, StringBuilder report) throws IOException {
        double sgemm = GemmReference.flops(threads, TFloat32.class);
        Path images = Path.of("test-images", "nuclei", "images");
        if (!Files.isDirectory(images)) {
            report.append("train skipped: no ").append(images).append(System.lineSeparator());
            return;
        }
        SegmentationDataset data = ImageFolders.read(images, Path.of("test-images", "nuclei", "masks"), Task.INSTANCE,
                Normalization.defaultPercentiles());
        // bfloat16 only where it runs as such: elsewhere the trainer falls back to float32.
        List<Precision> precisions = CpuFeatures.hasBfloat16() ? List.of(Precision.FLOAT32, Precision.BFLOAT16) : List.of(Precision.FLOAT32);
        double float32Rate = 0;
        for (Precision precision : precisions) {
            Path work = Files.createTempDirectory("fiji-unet-train-bench");
            try {
                TrainingOptions options = TrainingOptions.builder("bench", work.resolve("model")).architecture(Architecture.UNET)
                        .depth(4).baseFilters(16).batchSize(BATCH).patchSize(PATCH).epochs(1).stepsPerEpoch(STEPS).threads(threads).precision(precision).build();
                long[] warmedUp = new long[1];
                long[] finished = new long[1];
                TrainingListener timer = new TrainingListener() {
                    @Override
                    public void stepFinished(long step, long totalSteps, float loss) {
                        if (step == WARM_UP_STEPS) warmedUp[0] = System.nanoTime();
                        if (step == STEPS) finished[0] = System.nanoTime();
                    }
                };
                TrainingReport result = new Trainer(options).train(data, data, null, timer, Progress.NONE);
                double samplesPerSecond = (STEPS - WARM_UP_STEPS) * BATCH / ((finished[0] - warmedUp[0]) / 1e9);
                double flopsPerSecond = result.flopsPerSecond() / result.samplesPerSecond() * samplesPerSecond; // the trainer's FLOPs per sample
                if (precision == Precision.FLOAT32) float32Rate = samplesPerSecond;
                report.append(String.format("train U-Net depth 4, 16 filters, 3 classes, steps %d-%d of %d patches of %d px (batch sampling"
                                + " included), %s: %.1f samples/s%s; counted training FLOP/s %.1f GFLOP/s = %.2f of sgemm (%.1f GFLOP/s); the trainer's"
                                + " own figure (all steps, without batch sampling, as model cards give it) %.1f samples/s%n",
                        WARM_UP_STEPS + 1, STEPS, BATCH, PATCH, precision.text(), samplesPerSecond, precision == Precision.FLOAT32 ? ""
                                : String.format(" (%.2fx float32)", samplesPerSecond / float32Rate),
                        flopsPerSecond / 1e9, flopsPerSecond / sgemm, sgemm / 1e9, result.samplesPerSecond()));
            } finally {
                AtomicFolders.deleteRecursively(work);
            }
        }
    }
}
