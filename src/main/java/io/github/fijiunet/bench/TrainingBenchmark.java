package io.github.fijiunet.bench;

import io.github.fijiunet.Progress;
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
import io.github.fijiunet.train.Trainer;

import org.tensorflow.types.TFloat32;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Training throughput of the nuclei-unet configuration (3-class U-Net, depth 4, 16 filters,
 * 128² patches, batch 8) on the bundled nuclei images: samples/s and the counted training FLOP/s
 * (3 × forward per step) against TensorFlow's sgemm FLOP/s in the same run, in float32 and, on CPUs
 * with bfloat16 instructions, in bfloat16.
 */
final class TrainingBenchmark {

    private static final int STEPS = 40;

    private TrainingBenchmark() {}

    static void run(int threads, StringBuilder report) throws IOException {
        double sgemm = PredictionBenchmark.gemmFlops(threads, TFloat32.class);
        Path images = Path.of("test-images", "nuclei", "images");
        if (!Files.isDirectory(images)) {
            report.append("train skipped: no ").append(images).append(System.lineSeparator());
            return;
        }
        SegmentationDataset data = ImageFolders.read(images, Path.of("test-images", "nuclei", "masks"), Task.INSTANCE,
                Normalization.percentile(1, 99.8));
        // bfloat16 only where it runs as such: elsewhere the trainer falls back to float32.
        List<Precision> precisions = CpuFeatures.hasBfloat16() ? List.of(Precision.FLOAT32, Precision.BFLOAT16) : List.of(Precision.FLOAT32);
        double float32Rate = 0;
        for (Precision precision : precisions) {
            Path work = Files.createTempDirectory("fiji-unet-train-bench");
            try {
                TrainingOptions options = TrainingOptions.builder("bench", work.resolve("model")).architecture(Architecture.UNET)
                        .depth(4).baseFilters(16).epochs(1).stepsPerEpoch(STEPS).threads(threads).precision(precision).build();
                TrainingReport result = new Trainer(options).train(data, data, null, TrainingListener.NONE, Progress.NONE);
                if (precision == Precision.FLOAT32) float32Rate = result.samplesPerSecond();
                report.append(String.format("train U-Net depth 4, 16 filters, 3 classes, %d steps of 8 patches of 128 px, %s: %.1f samples/s%s; "
                                + "counted training FLOP/s %.1f GFLOP/s = %.2f of sgemm (%.1f GFLOP/s)%n", STEPS, precision.text(),
                        result.samplesPerSecond(), precision == Precision.FLOAT32 ? ""
                                : String.format(" (%.2fx float32)", result.samplesPerSecond() / float32Rate),
                        result.flopsPerSecond() / 1e9, result.flopsPerSecond() / sgemm, sgemm / 1e9));
            } finally {
                Bench.deleteTree(work);
            }
        }
    }
}
