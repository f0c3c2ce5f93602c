package io.github.fijiunet.spark;

import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.Progress;
import io.github.fijiunet.bioimageio.BioImageIoPackage;
import io.github.fijiunet.model.ModelCache;
import io.github.fijiunet.model.ModelDescriptor;
import io.github.fijiunet.model.RuntimeOptions;
import io.github.fijiunet.segment.SegmentationOptions;
import io.github.fijiunet.workflow.BatchItem;
import io.github.fijiunet.workflow.BatchReport;
import io.github.fijiunet.workflow.BatchSegmentation;
import io.github.fijiunet.workflow.BatchStatus;
import io.github.fijiunet.workflow.OutputFolder;
import io.github.fijiunet.workflow.SegmentationOutput;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code batch} as a Spark job: the driver lists the inputs and checks the model and the output
 * folder before any task starts; each task segments its images with the executor's one model
 * ({@link ModelCache}: loaded once per JVM, shared by its tasks) and writes each image's outputs
 * as one set (parts moved into place, so never half-written); the driver gathers the rows into
 * {@code summary.csv}. A retried or duplicated (speculative) task finds the outputs an earlier
 * attempt of this job wrote and reads their row back instead of writing them again, so a run with
 * retries ends with the files and rows of a clean one. Without a master (given, or set by
 * spark-submit), Spark runs in this JVM ({@code local[*]}, each task retried up to 3 times).
 */
public final class SparkSegmentation {

    /** The default master: Spark in this JVM, all cores, up to 4 attempts per task (local mode's own default is 1). */
    public static final String LOCAL_MASTER = "local[*,4]";
    /** A test hook: the first attempt of the task holding this input file fails right after writing its outputs. */
    static final String FAIL_FIRST_ATTEMPT_PROPERTY = "fijiunet.spark.failFirstAttemptAfter";

    private SparkSegmentation() {}

    /** How the job runs on Spark: master, tasks, threads, extra Spark settings. */
    public static final class Settings {
        final String master;
        final int partitions;
        final int threadsPerTask;
        final Map<String, String> conf;

        /**
         * @param master         Spark master URL; null or blank for the one spark-submit gives, else {@value #LOCAL_MASTER}
         * @param partitions     tasks to split the images into; 0 for one per image
         * @param threadsPerTask TensorFlow threads per task; 0 for the executor's cores divided by its concurrent tasks
         * @param conf           further Spark settings ({@code spark.ui.enabled=false}, ...)
         */
        public Settings(String master, int partitions, int threadsPerTask, Map<String, String> conf) {
            if (partitions < 0) throw new InvalidInputException("The number of partitions must be 0 (one per image) or more, got " + partitions + ".");
            if (threadsPerTask < 0) throw new InvalidInputException("Threads per task must be 0 (automatic) or more, got " + threadsPerTask + ".");
            this.master = master == null || master.isBlank() ? null : master.trim();
            this.partitions = partitions;
            this.threadsPerTask = threadsPerTask;
            this.conf = Map.copyOf(conf);
        }
    }

    /** What every task needs, sent once to each executor. */
    static final class Job implements Serializable {
        private static final long serialVersionUID = 1L;
        final List<String> inputs;
        final List<String> baseNames;
        final String outputDir;
        final String modelDir;
        final SegmentationOptions options;
        final boolean overwrite;
        final boolean resume;
        /** When the driver started the job: outputs newer than this were written by (an attempt of) this job. */
        final long startMillis;

        Job(List<String> inputs, List<String> baseNames, String outputDir, String modelDir, SegmentationOptions options, boolean overwrite,
            boolean resume, long startMillis) {
            this.inputs = inputs;
            this.baseNames = baseNames;
            this.outputDir = outputDir;
            this.modelDir = modelDir;
            this.options = options;
            this.overwrite = overwrite;
            this.resume = resume;
            this.startMillis = startMillis;
        }
    }

    /**
     * Segments {@code input} (a folder, a glob or a list file) into {@code output}, as {@code batch}
     * would, on Spark. Fails on the driver, before any task, for a model that is missing or
     * unreadable and for an output folder that cannot take the results.
     */
    public static BatchReport run(String input, Path output, Path modelDir, SegmentationOptions options, Settings settings, boolean overwrite,
                                  boolean resume, Progress progress) {
        long start = System.currentTimeMillis() - 1000; // file times may be rounded down to the second
        List<Path> files = SparkInputs.list(input, output);
        BatchSegmentation batch = BatchSegmentation.prepare(files, output, overwrite, resume, OutputFolder.Wording.CLI);
        checkModel(modelDir);
        List<String> inputs = new ArrayList<>();
        List<String> baseNames = new ArrayList<>();
        for (Map.Entry<Path, String> e : batch.inputs().entrySet()) {
            inputs.add(e.getKey().toAbsolutePath().toString());
            baseNames.add(e.getValue());
        }
        // SparkConf reads the spark.* settings spark-submit passes (its --master among them).
        SparkConf conf = new SparkConf().setAppName("fiji-unet segment (" + inputs.size() + " images, " + modelDir.getFileName() + ")");
        if (settings.master != null) conf.setMaster(settings.master);
        else conf.setIfMissing("spark.master", LOCAL_MASTER);
        for (Map.Entry<String, String> e : settings.conf.entrySet()) conf.set(e.getKey(), e.getValue());
        try (JavaSparkContext spark = new JavaSparkContext(conf)) {
            int threads = settings.threadsPerTask > 0 ? settings.threadsPerTask : threadsPerTask(spark);
            RuntimeOptions runtime = options.runtime();
            SegmentationOptions taskOptions = options.toBuilder()
                    .runtime(new RuntimeOptions(runtime.device(), threads, 1, runtime.precision())).build();
            Job job = new Job(inputs, baseNames, output.toAbsolutePath().toString(), modelDir.toAbsolutePath().toString(), taskOptions, overwrite,
                    resume, start);
            Broadcast<Job> shared = spark.broadcast(job);
            int partitions = settings.partitions > 0 ? Math.min(settings.partitions, inputs.size()) : inputs.size();
            List<Integer> indices = new ArrayList<>();
            for (int i = 0; i < inputs.size(); i++) indices.add(i);
            ProgressListener listener = new ProgressListener(inputs.size(), partitions, progress);
            spark.sc().addSparkListener(listener);
            spark.setJobDescription("fiji-unet: segment " + inputs.size() + " images with " + modelDir.getFileName() + " (" + threads
                    + " TensorFlow thread(s) per task)");
            JavaRDD<BatchItem> rows = spark.parallelize(indices, partitions).setName("fiji-unet inputs")
                    .mapPartitions(new SegmentPartition(shared)).setName("fiji-unet segment");
            List<BatchItem> items = rows.collect();
            return BatchSegmentation.report(items, output, overwrite || resume);
        }
    }

    /** The model must be readable here, before tasks would all fail on it. */
    private static void checkModel(Path modelDir) {
        if (BioImageIoPackage.runsAsPackage(modelDir)) {
            BioImageIoPackage.open(modelDir);
        } else {
            ModelDescriptor.read(modelDir);
        }
    }

    /**
     * TensorFlow threads per task so that the tasks running at once on an executor use its cores and
     * no more: Spark runs cores / {@code spark.task.cpus} tasks at once, so each gets {@code spark.task.cpus}.
     */
    static int threadsPerTask(JavaSparkContext spark) {
        return Math.max(1, spark.getConf().getInt("spark.task.cpus", 1));
    }

    /** Segments one partition's images with the executor's model. */
    static final class SegmentPartition implements FlatMapFunction<Iterator<Integer>, BatchItem> {
        private static final long serialVersionUID = 1L;
        private final Broadcast<Job> shared;

        SegmentPartition(Broadcast<Job> shared) {
            this.shared = shared;
        }

        @Override
        public Iterator<BatchItem> call(Iterator<Integer> indices) {
            Job job = shared.value();
            Path outputDir = Path.of(job.outputDir);
            List<BatchItem> rows = new ArrayList<>();
            TaskContext task = TaskContext.get();
            String failAfter = System.getProperty(FAIL_FIRST_ATTEMPT_PROPERTY);
            try (ModelCache.Lease lease = ModelCache.shared().acquire(Path.of(job.modelDir), job.options.runtime())) {
                while (indices.hasNext()) {
                    int i = indices.next();
                    Path file = Path.of(job.inputs.get(i));
                    rows.add(segment(job, file, job.baseNames.get(i), outputDir, lease));
                    if (failAfter != null && task != null && task.attemptNumber() == 0 && file.getFileName().toString().equals(failAfter)) {
                        throw new IllegalStateException("test hook " + FAIL_FIRST_ATTEMPT_PROPERTY + ": first attempt fails after " + failAfter);
                    }
                }
            }
            return rows.iterator();
        }

        private static BatchItem segment(Job job, Path file, String baseName, Path outputDir, ModelCache.Lease lease) {
            String name = file.getFileName().toString();
            if (BatchSegmentation.isImageFile(file) && BatchSegmentation.complete(outputDir, baseName)
                    && writtenByThisJob(outputDir, baseName, job.startMillis)) {
                return BatchSegmentation.kept(name, outputDir, baseName, BatchStatus.OK, baseName);
            }
            // Complete outputs from before the job: kept with --resume (as batch keeps them), replaced with --overwrite.
            BatchItem row = BatchSegmentation.processOne(file, baseName, outputDir, lease.model(), job.options, job.overwrite, job.resume, Progress.NONE);
            // A duplicate attempt writing the same set at the same moment is refused by the set's lock; the other attempt's files stand.
            if (row.status() == BatchStatus.FAILED && BatchSegmentation.complete(outputDir, baseName)
                    && writtenByThisJob(outputDir, baseName, job.startMillis)) {
                return BatchSegmentation.kept(name, outputDir, baseName, BatchStatus.OK, baseName);
            }
            return row;
        }

        private static boolean writtenByThisJob(Path outputDir, String baseName, long startMillis) {
            for (Path f : SegmentationOutput.filesFor(outputDir, baseName)) {
                try {
                    if (Files.getLastModifiedTime(f).toMillis() < startMillis) return false;
                } catch (IOException e) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Images done / total, rate and time left on the driver, from Spark's task ends. */
    static final class ProgressListener extends SparkListener {
        private final int images;
        private final int partitions;
        private final Progress progress;
        private final AtomicLong tasksDone = new AtomicLong();
        private final long started = System.nanoTime();

        ProgressListener(int images, int partitions, Progress progress) {
            this.images = images;
            this.partitions = partitions;
            this.progress = progress;
        }

        @Override
        public void onTaskEnd(SparkListenerTaskEnd end) {
            if (!end.taskInfo().successful()) return;
            long tasks = tasksDone.incrementAndGet();
            long done = Math.min(images, Math.round((double) tasks * images / partitions));
            double seconds = (System.nanoTime() - started) / 1e9;
            double rate = done / Math.max(seconds, 1e-9);
            long left = rate > 0 ? Math.round((images - done) / rate) : 0;
            progress.update(done, images, String.format(Locale.ROOT, "%d/%d images, %.2f images/s, about %d s left", done, images, rate, left));
        }
    }
}
