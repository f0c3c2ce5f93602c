package io.github.fijiunet.spark;

import io.github.fijiunet.AtomicFiles;
import io.github.fijiunet.AtomicFolders;
import io.github.fijiunet.FijiUnetException;
import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.Progress;
import io.github.fijiunet.bioimageio.BioImageIoPackage;
import io.github.fijiunet.io.TiffPlaneFile;
import io.github.fijiunet.model.ModelCache;
import io.github.fijiunet.model.ModelDescriptor;
import io.github.fijiunet.model.RuntimeOptions;
import io.github.fijiunet.post.PixelCalibration;
import io.github.fijiunet.segment.BlockSegmenter;
import io.github.fijiunet.segment.CellSegmenter;
import io.github.fijiunet.segment.SegmentationOptions;
import io.github.fijiunet.tensor.ChannelScaling;
import io.github.fijiunet.workflow.BatchItem;
import io.github.fijiunet.workflow.BatchReport;
import io.github.fijiunet.workflow.BatchSegmentation;
import io.github.fijiunet.workflow.BatchStatus;
import io.github.fijiunet.workflow.ImageSegmentation;
import io.github.fijiunet.workflow.OutputFolder;
import io.github.fijiunet.workflow.SegmentationOutput;
import io.github.fijiunet.workflow.StreamedSegmentation;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
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
    /** Blocks smaller than this would be mostly overlap ({@link BlockSegmenter#OVERLAP} on each side). */
    public static final int MIN_BLOCK_SIZE = 2 * BlockSegmenter.OVERLAP;
    /** A test hook: the first attempt of the task holding this input file fails right after writing its outputs. */
    static final String FAIL_FIRST_ATTEMPT_PROPERTY = "fijiunet.spark.failFirstAttemptAfter";

    private SparkSegmentation() {}

    /** How the job runs on Spark: master, tasks, threads, extra Spark settings. */
    public static final class Settings {
        final String master;
        final int partitions;
        final int threadsPerTask;
        final int blockSize;
        final Map<String, String> conf;

        /**
         * @param master         Spark master URL; null or blank for the one spark-submit gives, else {@value #LOCAL_MASTER}
         * @param partitions     tasks to split the images into; 0 for one per image
         * @param threadsPerTask TensorFlow threads per task; 0 for the executor's cores divided by its concurrent tasks
         * @param blockSize      edge of the blocks large planes are split into, one task each; 0 for {@link BlockSegmenter#BLOCK_SIZE}
         * @param conf           further Spark settings ({@code spark.ui.enabled=false}, ...)
         */
        public Settings(String master, int partitions, int threadsPerTask, int blockSize, Map<String, String> conf) {
            if (partitions < 0) throw new InvalidInputException("The number of partitions must be 0 (one per task) or more, got " + partitions + ".");
            if (threadsPerTask < 0) throw new InvalidInputException("Threads per task must be 0 (automatic) or more, got " + threadsPerTask + ".");
            if (blockSize != 0 && blockSize < MIN_BLOCK_SIZE) {
                throw new InvalidInputException("The block size must be 0 (" + BlockSegmenter.BLOCK_SIZE + ") or at least " + MIN_BLOCK_SIZE
                        + " pixels, got " + blockSize + ".");
            }
            this.master = master == null || master.isBlank() ? null : master.trim();
            this.partitions = partitions;
            this.threadsPerTask = threadsPerTask;
            this.blockSize = blockSize == 0 ? BlockSegmenter.BLOCK_SIZE : blockSize;
            this.conf = Map.copyOf(conf);
        }
    }

    /** What every task needs, sent once to each executor. */
    static final class Job implements Serializable {
        private static final long serialVersionUID = 2L;
        final List<String> inputs;
        final List<String> baseNames;
        /** The tasks' work: input index, and block index for a block of a large plane or {@link #WHOLE_IMAGE}. */
        final int[] pieceInput;
        final int[] pieceBlock;
        final int blockSize;
        /** The hidden folder this job's block files go to, inside the output folder. */
        final String blockDir;
        final String outputDir;
        final String modelDir;
        final SegmentationOptions options;
        final boolean overwrite;
        final boolean resume;
        /** When the driver started the job: outputs newer than this were written by (an attempt of) this job. */
        final long startMillis;

        Job(List<String> inputs, List<String> baseNames, int[] pieceInput, int[] pieceBlock, int blockSize, String blockDir, String outputDir,
            String modelDir, SegmentationOptions options, boolean overwrite, boolean resume, long startMillis) {
            this.inputs = inputs;
            this.baseNames = baseNames;
            this.pieceInput = pieceInput;
            this.pieceBlock = pieceBlock;
            this.blockSize = blockSize;
            this.blockDir = blockDir;
            this.outputDir = outputDir;
            this.modelDir = modelDir;
            this.options = options;
            this.overwrite = overwrite;
            this.resume = resume;
            this.startMillis = startMillis;
        }

        Path blockFile(int input, int block) {
            return Path.of(blockDir, input + "-" + block + ".block");
        }
    }

    static final int WHOLE_IMAGE = -1;

    /** What one piece of work gave: an image's row, or for a block nothing (its file is written) unless it failed. */
    static final class Outcome implements Serializable {
        private static final long serialVersionUID = 1L;
        final int input;
        final int block;
        final BatchItem row;

        Outcome(int input, int block, BatchItem row) {
            this.input = input;
            this.block = block;
            this.row = row;
        }
    }

    /** A plane split into block tasks, as the driver planned it. */
    private static final class BlockPlan {
        final int width;
        final int height;
        final int blocks;
        final PixelCalibration calibration;

        BlockPlan(int width, int height, int blocks, PixelCalibration calibration) {
            this.width = width;
            this.height = height;
            this.blocks = blocks;
            this.calibration = calibration;
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
        // Each input as a local path (which names its outputs) and where tasks read it (the path, or its Hadoop URI).
        Map<Path, String> locations = new LinkedHashMap<>();
        if (SparkInputs.isUri(input)) {
            for (String uri : SparkInputs.listUri(input)) locations.put(SparkInputs.namingPath(uri), uri);
        } else {
            for (Path file : SparkInputs.list(input, output)) locations.put(file, file.toAbsolutePath().toString());
        }
        BatchSegmentation batch = BatchSegmentation.prepare(new ArrayList<>(locations.keySet()), output, overwrite, resume, OutputFolder.Wording.CLI);
        checkModel(modelDir);
        List<String> inputs = new ArrayList<>();
        List<String> baseNames = new ArrayList<>();
        for (Map.Entry<Path, String> e : batch.inputs().entrySet()) {
            inputs.add(locations.get(e.getKey()));
            baseNames.add(e.getValue());
        }
        BatchItem[] rows = new BatchItem[inputs.size()];
        Map<Integer, BlockPlan> plans = new LinkedHashMap<>();
        List<int[]> pieces = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            if (SparkInputs.isUri(inputs.get(i))) {
                pieces.add(new int[] {i, WHOLE_IMAGE}); // copied whole to the task's machine
                continue;
            }
            Path file = Path.of(inputs.get(i));
            BlockPlan plan = blockPlan(file, options, settings.blockSize);
            if (plan == null) {
                pieces.add(new int[] {i, WHOLE_IMAGE});
            } else if (resume && StreamedSegmentation.filesFor(output, baseNames.get(i)).stream().allMatch(Files::isRegularFile)) {
                rows[i] = BatchSegmentation.kept(file.getFileName().toString(), output, baseNames.get(i), BatchStatus.KEPT, "kept from an earlier run");
            } else {
                plans.put(i, plan);
                for (int b = 0; b < plan.blocks; b++) pieces.add(new int[] {i, b});
            }
        }
        // SparkConf reads the spark.* settings spark-submit passes (its --master among them).
        SparkConf conf = new SparkConf().setAppName("fiji-unet segment (" + inputs.size() + " images, " + modelDir.getFileName() + ")");
        if (settings.master != null) conf.setMaster(settings.master);
        else conf.setIfMissing("spark.master", LOCAL_MASTER);
        for (Map.Entry<String, String> e : settings.conf.entrySet()) conf.set(e.getKey(), e.getValue());
        Path blockDir = output.toAbsolutePath().resolve(".fiji-unet-blocks-" + start + "-" + ProcessHandle.current().pid());
        try (JavaSparkContext spark = new JavaSparkContext(conf)) {
            int threads = settings.threadsPerTask > 0 ? settings.threadsPerTask : threadsPerTask(spark);
            RuntimeOptions runtime = options.runtime();
            SegmentationOptions taskOptions = options.toBuilder()
                    .runtime(new RuntimeOptions(runtime.device(), threads, 1, runtime.precision())).build();
            int[] pieceInput = pieces.stream().mapToInt(p -> p[0]).toArray();
            int[] pieceBlock = pieces.stream().mapToInt(p -> p[1]).toArray();
            Job job = new Job(inputs, baseNames, pieceInput, pieceBlock, settings.blockSize, blockDir.toString(), output.toAbsolutePath().toString(),
                    modelDir.toAbsolutePath().toString(), taskOptions, overwrite, resume, start);
            Broadcast<Job> shared = spark.broadcast(job);
            List<Outcome> outcomes = new ArrayList<>();
            if (!pieces.isEmpty()) {
                int partitions = settings.partitions > 0 ? Math.min(settings.partitions, pieces.size()) : pieces.size();
                List<Integer> indices = new ArrayList<>();
                for (int i = 0; i < pieces.size(); i++) indices.add(i);
                String unit = plans.isEmpty() ? "images" : "images and blocks";
                spark.sc().addSparkListener(new ProgressListener(pieces.size(), partitions, unit, progress));
                spark.setJobDescription("fiji-unet: segment " + inputs.size() + " images" + (plans.isEmpty() ? "" : " (" + plans.size()
                        + " large plane(s) as " + (pieces.size() - inputs.size() + plans.size()) + " blocks)") + " with " + modelDir.getFileName()
                        + " (" + threads + " TensorFlow thread(s) per task)");
                outcomes = spark.parallelize(indices, partitions).setName("fiji-unet " + unit)
                        .mapPartitions(new SegmentPartition(shared)).setName("fiji-unet segment").collect();
            }
            for (Outcome outcome : outcomes) {
                if (outcome.block == WHOLE_IMAGE) rows[outcome.input] = outcome.row;
                else if (outcome.row != null && rows[outcome.input] == null) rows[outcome.input] = outcome.row;
            }
            for (Map.Entry<Integer, BlockPlan> e : plans.entrySet()) {
                int i = e.getKey();
                if (rows[i] == null) rows[i] = assemble(job, i, e.getValue(), progress);
            }
            return BatchSegmentation.report(List.of(rows), output, overwrite || resume);
        } finally {
            deleteFolder(blockDir);
        }
    }

    /**
     * How {@code file} is split into blocks, or null to segment it whole in one task: planes above
     * four blocks (at the standard block size, batch's block-wise limit) that can be read a block at
     * a time (one uncompressed grey TIFF plane) are split; the rest go whole, as batch takes them.
     */
    private static BlockPlan blockPlan(Path file, SegmentationOptions options, int blockSize) {
        long limit = 4L * blockSize * blockSize;
        try {
            if (options.channel() > 1 || !BatchSegmentation.isImageFile(file) || Files.size(file) < limit) return null;
            Optional<TiffPlaneFile> opened = TiffPlaneFile.open(file);
            if (opened.isEmpty()) return null;
            try (TiffPlaneFile plane = opened.get()) {
                if ((long) plane.width() * plane.height() <= limit) return null;
                int blocks = BlockSegmenter.blockCount(plane.width(), plane.height(), blockSize);
                return new BlockPlan(plane.width(), plane.height(), blocks, ImageSegmentation.calibrationOf(plane.calibration()));
            }
        } catch (IOException | InvalidInputException e) {
            return null; // the task that takes it whole reports what is wrong with it, as batch would
        }
    }

    /** The large plane's files from its blocks, in block order, and its summary row. */
    private static BatchItem assemble(Job job, int input, BlockPlan plan, Progress progress) {
        String name = Path.of(job.inputs.get(input)).getFileName().toString();
        String baseName = job.baseNames.get(input);
        Path outputDir = Path.of(job.outputDir);
        progress.update(0, plan.blocks, "writing " + name + " from its " + plan.blocks + " blocks");
        try {
            StreamedSegmentation.assemble(outputDir, baseName, plan.width, plan.height, plan.calibration,
                    job.options.testTimeAugmentation(), new StreamedSegmentation.Blocks() {
                @Override
                public int count() {
                    return plan.blocks;
                }

                @Override
                public BlockSegmenter.Block read(int block) {
                    Path file = job.blockFile(input, block);
                    try (InputStream in = Files.newInputStream(file)) {
                        return BlockSegmenter.Block.readFrom(in);
                    } catch (IOException e) {
                        throw new FijiUnetException("Cannot read block " + (block + 1) + " of " + name + " (" + file + "): " + e.getMessage(), e);
                    }
                }
            }, job.overwrite);
        } catch (FijiUnetException e) {
            return BatchItem.notSegmented(name, e instanceof InvalidInputException ? BatchStatus.SKIPPED : BatchStatus.FAILED, e.getMessage());
        }
        return BatchSegmentation.kept(name, outputDir, baseName, BatchStatus.OK, baseName);
    }

    /** Removes a folder of this job's own files (block files, a copied input); what cannot go is said, not thrown. */
    static void deleteFolder(Path folder) {
        try {
            AtomicFolders.deleteRecursively(folder);
        } catch (IOException e) {
            System.err.println("Could not remove " + folder + " (" + e.getMessage() + "); it holds only fiji-unet's working files and may be deleted.");
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
    static final class SegmentPartition implements FlatMapFunction<Iterator<Integer>, Outcome> {
        private static final long serialVersionUID = 1L;
        /** A large plane's normalisation, computed over the whole plane once per executor and job, not once per block. */
        private static final Map<String, ChannelScaling> SCALINGS = new ConcurrentHashMap<>();
        private final Broadcast<Job> shared;

        SegmentPartition(Broadcast<Job> shared) {
            this.shared = shared;
        }

        @Override
        public Iterator<Outcome> call(Iterator<Integer> pieces) {
            Job job = shared.value();
            Path outputDir = Path.of(job.outputDir);
            List<Outcome> outcomes = new ArrayList<>();
            TaskContext task = TaskContext.get();
            String failAfter = System.getProperty(FAIL_FIRST_ATTEMPT_PROPERTY);
            try (ModelCache.Lease lease = ModelCache.shared().acquire(Path.of(job.modelDir), job.options.runtime())) {
                while (pieces.hasNext()) {
                    int piece = pieces.next();
                    int i = job.pieceInput[piece];
                    int block = job.pieceBlock[piece];
                    String location = job.inputs.get(i);
                    outcomes.add(block != WHOLE_IMAGE ? segmentBlock(job, i, block, lease)
                            : new Outcome(i, block, SparkInputs.isUri(location) ? segmentCopy(job, location, job.baseNames.get(i), outputDir, lease)
                            : segment(job, Path.of(location), job.baseNames.get(i), outputDir, lease)));
                    String name = (SparkInputs.isUri(location) ? SparkInputs.namingPath(location) : Path.of(location)).getFileName().toString();
                    if (failAfter != null && task != null && task.attemptNumber() == 0 && name.equals(failAfter)) {
                        throw new IllegalStateException("test hook " + FAIL_FIRST_ATTEMPT_PROPERTY + ": first attempt fails after " + failAfter);
                    }
                }
            }
            return outcomes.iterator();
        }

        /**
         * One block of a large plane into its block file (written whole or not at all). A retried or
         * duplicated attempt finds the file there and is done; a failure of the image itself (it does
         * not suit the model) is the image's row, as batch would write it.
         */
        private static Outcome segmentBlock(Job job, int input, int block, ModelCache.Lease lease) {
            Path target = job.blockFile(input, block);
            if (Files.isRegularFile(target)) return new Outcome(input, block, null);
            Path file = Path.of(job.inputs.get(input));
            BlockSegmenter.Block result;
            try (TiffPlaneFile plane = TiffPlaneFile.open(file).orElseThrow(() -> new InvalidInputException(file + " changed while it was "
                    + "segmented: it is no longer one uncompressed TIFF plane."))) {
                CellSegmenter segmenter = new CellSegmenter(lease.model(), job.options);
                ChannelScaling scaling = SCALINGS.computeIfAbsent(job.startMillis + ":" + file, k -> segmenter.scalingFor(plane));
                result = segmenter.blocksOf(plane, job.blockSize).segmentBlock(plane, block, 0, scaling,
                        ImageSegmentation.calibrationOf(plane.calibration()), Progress.NONE);
            } catch (InvalidInputException e) {
                return new Outcome(input, block, BatchItem.notSegmented(file.getFileName().toString(), BatchStatus.SKIPPED, e.getMessage()));
            } catch (RuntimeException e) {
                String reason = e instanceof FijiUnetException ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
                return new Outcome(input, block, BatchItem.notSegmented(file.getFileName().toString(), BatchStatus.FAILED, reason));
            }
            try {
                Files.createDirectories(target.getParent());
                AtomicFiles.write(target, true, result::writeTo);
            } catch (IOException | RuntimeException e) {
                // A duplicate attempt committing the same file at this moment wins the file's lock; either copy is the block.
                if (!Files.isRegularFile(target)) throw new FijiUnetException("Could not write " + target + ": " + e.getMessage(), e);
            }
            return new Outcome(input, block, null);
        }

        /** An input read through Hadoop: copied to this machine for the time it is segmented. */
        private static BatchItem segmentCopy(Job job, String uri, String baseName, Path outputDir, ModelCache.Lease lease) {
            Path local;
            try {
                local = SparkInputs.copyToLocal(uri);
            } catch (IOException e) {
                return BatchItem.notSegmented(SparkInputs.namingPath(uri).getFileName().toString(), BatchStatus.SKIPPED,
                        "Cannot read " + uri + " (" + AtomicFiles.reason(e) + ").");
            }
            try {
                return segment(job, local, baseName, outputDir, lease).naming(local.toString(), uri);
            } finally {
                deleteFolder(local.getParent());
            }
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

    /** Images (and blocks of large planes) done / total, rate and time left on the driver, from Spark's task ends. */
    static final class ProgressListener extends SparkListener {
        private final int pieces;
        private final int partitions;
        private final String unit;
        private final Progress progress;
        private final AtomicLong tasksDone = new AtomicLong();
        private final long started = System.nanoTime();

        ProgressListener(int pieces, int partitions, String unit, Progress progress) {
            this.pieces = pieces;
            this.partitions = partitions;
            this.unit = unit;
            this.progress = progress;
        }

        @Override
        public void onTaskEnd(SparkListenerTaskEnd end) {
            if (!end.taskInfo().successful()) return;
            long tasks = tasksDone.incrementAndGet();
            long done = Math.min(pieces, Math.round((double) tasks * pieces / partitions));
            double seconds = (System.nanoTime() - started) / 1e9;
            double rate = done / Math.max(seconds, 1e-9);
            long left = rate > 0 ? Math.round((pieces - done) / rate) : 0;
            progress.update(done, pieces, String.format(Locale.ROOT, "%d/%d %s, %.2f %s/s, about %d s left", done, pieces, unit, rate,
                    unit, left));
        }
    }
}
