package io.github.fijiunet.bench;

import io.github.fijiunet.Progress;
import io.github.fijiunet.model.ComputeDevice;
import io.github.fijiunet.model.LoadedModel;
import io.github.fijiunet.model.ModelCatalog;
import io.github.fijiunet.model.Precision;
import io.github.fijiunet.model.RuntimeOptions;
import io.github.fijiunet.segment.SegmentationOptions;
import io.github.fijiunet.spark.SparkSegmentation;
import io.github.fijiunet.workflow.BatchSegmentation;
import io.github.fijiunet.workflow.OutputFolder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Images/s of the Spark job on local[1] and local[2] against the single-JVM batch, on the same
 * folder of small fields (256² crops of the bundled DSB images, flipped and rotated), and Spark's
 * per-task overhead (one task per image against one task per core). Ratios within one run:
 * <pre>java [Spark's --add-opens, target/lib/spark/java-options] -cp target/test-classes:target/classes:$(cat cp.txt) io.github.fijiunet.bench.SparkBench [images]</pre>
 */
public final class SparkBench {

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        Path dir = Files.createTempDirectory("fiji-unet-spark-bench");
        Path input = SmallFields.write(dir.resolve("in"), count);
        Path model = ModelCatalog.standard().resolve("nuclei-unet");
        Map<String, String> conf = Map.of("spark.ui.enabled", "false", "spark.driver.host", "127.0.0.1");
        System.setProperty("log4j2.configurationFile", "classpath:io/github/fijiunet/spark/log4j2-warn.properties");

        // Warm-up: the JVM, TensorFlow's first session, Spark's first context.
        SparkSegmentation.run(input.toString(), dir.resolve("warm"), model, SegmentationOptions.defaults(),
                new SparkSegmentation.Settings("local[2]", 0, 1, 0, conf), false, false, Progress.NONE);

        double batch1 = batch(input, dir.resolve("batch1"), model, 1);
        double batch2 = batch(input, dir.resolve("batch2"), model, 2);
        double local1 = spark(input, dir.resolve("local1"), model, "local[1]", 0, 1, conf);
        double local2 = spark(input, dir.resolve("local2"), model, "local[2]", 0, 1, conf);
        double local2Few = spark(input, dir.resolve("local2few"), model, "local[2]", 2, 1, conf);
        System.out.printf(Locale.ROOT, "%d fields of 256x256, nuclei-unet, float32%n", count);
        System.out.printf(Locale.ROOT, "batch, 1 TensorFlow thread:       %6.2f s  %6.1f images/s%n", batch1, count / batch1);
        System.out.printf(Locale.ROOT, "batch, 2 TensorFlow threads:      %6.2f s  %6.1f images/s%n", batch2, count / batch2);
        System.out.printf(Locale.ROOT, "spark local[1], 1 task per image: %6.2f s  %6.1f images/s  (%.2f x batch 1 thread)%n", local1, count / local1,
                batch1 / local1);
        System.out.printf(Locale.ROOT, "spark local[2], 1 task per image: %6.2f s  %6.1f images/s  (%.2f x batch 2 threads, %.2f x local[1])%n", local2,
                count / local2, batch2 / local2, local1 / local2);
        System.out.printf(Locale.ROOT, "spark local[2], 2 tasks:          %6.2f s  %6.1f images/s%n", local2Few, count / local2Few);
        System.out.printf(Locale.ROOT, "per-task overhead: %.1f ms ((one task per image - 2 tasks) / %d extra tasks)%n",
                (local2 - local2Few) * 1000 / (count - 2), count - 2);
    }

    private static double batch(Path input, Path out, Path model, int threads) throws Exception {
        long start = System.nanoTime();
        BatchSegmentation batch = BatchSegmentation.prepare(input, out, false, OutputFolder.Wording.CLI);
        try (LoadedModel loaded = LoadedModel.load(model, new RuntimeOptions(ComputeDevice.CPU, threads, 1, Precision.FLOAT32))) {
            batch.run(loaded, SegmentationOptions.defaults(), Progress.NONE);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static double spark(Path input, Path out, Path model, String master, int partitions, int threads, Map<String, String> conf) {
        long start = System.nanoTime();
        SparkSegmentation.run(input.toString(), out, model, SegmentationOptions.defaults(), new SparkSegmentation.Settings(master, partitions, threads, 0, conf),
                false, false, Progress.NONE);
        return (System.nanoTime() - start) / 1e9;
    }
}
