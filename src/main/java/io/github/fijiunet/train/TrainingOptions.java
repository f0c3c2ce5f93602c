package io.github.fijiunet.train;

import io.github.fijiunet.InvalidOptionException;
import io.github.fijiunet.model.Precision;
import io.github.fijiunet.model.RuntimeOptions;
import io.github.fijiunet.model.Task;
import io.github.fijiunet.tensor.Normalization;

import java.nio.file.Path;

/**
 * Everything a training run needs besides the data. Build with {@link #builder(String, Path)};
 * defaults suit U-Net segmentation of microscopy images on a CPU.
 */
public final class TrainingOptions {

    /** How the learning rate changes over the run. */
    public enum Schedule {
        CONSTANT,
        /** Cosine decay from the initial rate to 1 % of it at the last step. */
        COSINE
    }

    /** Dialog label of {@link TrainingOption#OVERWRITE}, a constant for the Fiji command's annotation. */
    public static final String OVERWRITE_LABEL = "Replace an existing model in the output folder";

    public final String modelName;
    public final Path outputDir;
    public final Path workDir;
    public final Architecture architecture;
    public final int depth;
    public final int baseFilters;
    public final boolean batchNorm;
    public final float dropout;
    public final boolean deepSupervision;
    public final int exportHead;
    public final int patchSize;
    public final int batchSize;
    public final int epochs;
    public final int stepsPerEpoch;
    public final float learningRate;
    public final Schedule schedule;
    public final int earlyStoppingPatience;
    public final int checkpointEvery;
    public final long seed;
    public final int threads;
    public final Precision precision;
    public final Augmentation augmentation;
    public final float boundaryWeight;
    /** Extra weight w0 of pixels between nearly touching objects ({@link SegmentationDataset#withBorderWeights}); 0 for none. */
    public final float borderWeight;
    /** Most weight of an object smaller than the median ({@link SegmentationDataset#withSmallObjectWeights}); 1 for none. */
    public final float smallObjectWeight;
    public final float diceWeight;
    public final Path initFrom;
    public final boolean resume;
    public final boolean overwrite;
    public final Normalization normalization;
    public final String description;
    public final String reproduceCommand;

    private TrainingOptions(Builder b) {
        modelName = b.modelName;
        outputDir = b.outputDir;
        workDir = b.workDir != null ? b.workDir : b.outputDir.resolveSibling(b.outputDir.getFileName() + ".training");
        architecture = b.architecture;
        depth = b.depth;
        baseFilters = b.baseFilters;
        batchNorm = b.batchNorm;
        dropout = b.dropout;
        deepSupervision = b.deepSupervision;
        exportHead = b.exportHead;
        patchSize = b.patchSize;
        batchSize = b.batchSize;
        epochs = b.epochs;
        stepsPerEpoch = b.stepsPerEpoch;
        learningRate = b.learningRate;
        schedule = b.schedule;
        earlyStoppingPatience = b.earlyStoppingPatience;
        checkpointEvery = b.checkpointEvery;
        seed = b.seed;
        threads = b.threads > 0 ? b.threads : Runtime.getRuntime().availableProcessors();
        precision = b.precision;
        augmentation = b.augmentation != null ? b.augmentation
                : b.architecture == Architecture.CNN ? Augmentation.NONE : Augmentation.microscopy();
        boundaryWeight = b.boundaryWeight;
        borderWeight = b.borderWeight;
        smallObjectWeight = b.smallObjectWeight;
        diceWeight = b.diceWeight;
        initFrom = b.initFrom;
        resume = b.resume;
        overwrite = b.overwrite;
        normalization = b.normalization;
        description = b.description;
        reproduceCommand = b.reproduceCommand;
    }

    public static Builder builder(String modelName, Path outputDir) {
        return new Builder(modelName, outputDir);
    }

    /** Refuses an architecture that cannot learn {@code task} (a CNN segmenting, a U-Net classifying). */
    public void checkTask(Task task) {
        if ((architecture == Architecture.CNN) != (task == Task.CLASSIFICATION)) {
            throw new InvalidOptionException("The " + architecture.name().toLowerCase() + " architecture cannot learn a "
                    + task.name().toLowerCase() + " task: use cnn for classification and unet or unetpp for segmentation.");
        }
    }

    public String modelName() {
        return modelName;
    }

    public Path outputDir() {
        return outputDir;
    }

    /** Where checkpoints and the training state live (default: {@code <output>.training} beside the model). */
    public Path workDir() {
        return workDir;
    }

    public int epochs() {
        return epochs;
    }

    public long seed() {
        return seed;
    }

    /** Fluent builder with validated values. */
    public static final class Builder {
        private final String modelName;
        private final Path outputDir;
        private Path workDir;
        private Architecture architecture = Architecture.UNET;
        private int depth = TrainingOption.DEPTH.intDefault();
        private int baseFilters = TrainingOption.FILTERS.intDefault();
        private boolean batchNorm = true;
        private float dropout = (float) TrainingOption.DROPOUT.doubleDefault();
        private boolean deepSupervision = true;
        private int exportHead = TrainingOption.EXPORT_HEAD.intDefault();
        private int patchSize = TrainingOption.PATCH.intDefault();
        private int batchSize = TrainingOption.BATCH.intDefault();
        private int epochs = TrainingOption.EPOCHS.intDefault();
        private int stepsPerEpoch = TrainingOption.STEPS_PER_EPOCH.intDefault();
        private float learningRate = (float) TrainingOption.LR.doubleDefault();
        private Schedule schedule = (Schedule) TrainingOption.SCHEDULE.defaultValue();
        private int earlyStoppingPatience = TrainingOption.PATIENCE.intDefault();
        private int checkpointEvery = TrainingOption.CHECKPOINT_EVERY.intDefault();
        private long seed = (Long) TrainingOption.SEED.defaultValue();
        private int threads = TrainingOption.THREADS.intDefault();
        private Precision precision = (Precision) TrainingOption.PRECISION.defaultValue();
        /** Null: microscopy augmentation for segmentation, none for classification (flips can change a class). */
        private Augmentation augmentation;
        private float boundaryWeight = (float) TrainingOption.BOUNDARY_WEIGHT.doubleDefault();
        private float borderWeight = (float) TrainingOption.BORDER_WEIGHT.doubleDefault();
        private float smallObjectWeight = (float) TrainingOption.SMALL_OBJECT_WEIGHT.doubleDefault();
        private float diceWeight = (float) TrainingOption.DICE_WEIGHT.doubleDefault();
        private Path initFrom;
        private boolean resume;
        private boolean overwrite = (Boolean) TrainingOption.OVERWRITE.defaultValue();
        private Normalization normalization = Normalization.defaultPercentiles();
        private String description = "";
        private String reproduceCommand = "";

        private Builder(String modelName, Path outputDir) {
            if (modelName == null || modelName.isBlank()) throw new InvalidOptionException("Give the model a name.");
            if (outputDir == null) throw new InvalidOptionException("Give an output folder for the model.");
            this.modelName = modelName;
            this.outputDir = outputDir;
        }

        public Builder workDir(Path dir) { this.workDir = dir; return this; }

        public Builder architecture(Architecture a) { this.architecture = a; return this; }

        /** Number of 2× down-samplings of the U-Nets (default 4). */
        public Builder depth(int d) { this.depth = atLeast("depth", d, 1); return this; }

        /** Filters of the first U-Net level, doubled per level (default 32). */
        public Builder baseFilters(int f) { this.baseFilters = atLeast("base filters", f, 1); return this; }

        public Builder batchNorm(boolean on) { this.batchNorm = on; return this; }

        public Builder dropout(float rate) { this.dropout = rate; return this; }

        /** U-Net++: supervise every X^{0,j} head (default on). */
        public Builder deepSupervision(boolean on) { this.deepSupervision = on; return this; }

        /** U-Net++: 0 exports the average of all heads, j exports the model pruned to head j. */
        public Builder exportHead(int head) { this.exportHead = atLeast("export head", head, 0); return this; }

        /** Side of the square training patches (segmentation; default 128). */
        public Builder patchSize(int p) { this.patchSize = atLeast("patch size", p, 8); return this; }

        public Builder batchSize(int b) { this.batchSize = atLeast("batch size", b, 1); return this; }

        public Builder epochs(int e) { this.epochs = atLeast("epochs", e, 1); return this; }

        /** Steps per epoch; 0 = one pass over the samples for classification, 100 for segmentation. */
        public Builder stepsPerEpoch(int s) { this.stepsPerEpoch = atLeast("steps per epoch", s, 0); return this; }

        public Builder learningRate(float lr) {
            if (!(lr > 0 && lr < 1)) throw new InvalidOptionException("The learning rate must be in (0, 1), got " + lr + ". Try 0.001.");
            this.learningRate = lr;
            return this;
        }

        public Builder schedule(Schedule s) { this.schedule = s; return this; }

        /** Stop after this many epochs without a better validation loss; 0 never stops early (default 10). */
        public Builder earlyStoppingPatience(int epochs) { this.earlyStoppingPatience = atLeast("early-stopping patience", epochs, 0); return this; }

        /** Save a resumable checkpoint every this many steps (and at every epoch end; default 200). */
        public Builder checkpointEvery(int steps) { this.checkpointEvery = atLeast("checkpoint interval", steps, 1); return this; }

        public Builder seed(long s) { this.seed = s; return this; }

        /** TensorFlow intra-op threads; 0 = all cores, at most the machine's cores. */
        public Builder threads(int t) { this.threads = RuntimeOptions.checkedThreads("threads", t); return this; }

        /**
         * The convolutions' arithmetic. bfloat16 trains about 1.3× faster on CPUs with AVX512-BF16 or
         * AMX; weights, optimiser and the exported model stay float32 either way.
         */
        public Builder precision(Precision p) { this.precision = p; return this; }

        public Builder augmentation(Augmentation a) { this.augmentation = a; return this; }

        /** Instance task: loss weight of boundary pixels relative to background and interior (default 3). */
        public Builder boundaryWeight(float w) { this.boundaryWeight = w; return this; }
        public Builder borderWeight(float w) { this.borderWeight = w; return this; }
        public Builder smallObjectWeight(float w) { this.smallObjectWeight = w; return this; }

        /** Semantic task: weight of the soft-Dice term added to the cross-entropy (default 1). */
        public Builder diceWeight(float w) { this.diceWeight = w; return this; }

        /** Start from the weights of this model folder (same architecture) instead of random ones. */
        public Builder initFrom(Path modelDir) { this.initFrom = modelDir; return this; }

        /** Continue from the checkpoint in the work folder. */
        public Builder resume(boolean r) { this.resume = r; return this; }

        /** Replace the output folder if it holds a model (swapped in when the new one is complete); other content is never replaced. */
        public Builder overwrite(boolean o) { this.overwrite = o; return this; }

        /** How the data was normalised (written into the descriptor so that the runtime does the same). */
        public Builder normalization(Normalization n) { this.normalization = n; return this; }

        public Builder description(String text) { this.description = text; return this; }

        /** The command line that reproduces this run, quoted in the model card. */
        public Builder reproduceCommand(String command) { this.reproduceCommand = command; return this; }

        public TrainingOptions build() {
            if (dropout < 0 || dropout >= 1) throw new InvalidOptionException("Dropout must be in [0, 1), got " + dropout + ".");
            if (!(smallObjectWeight >= 1)) {
                throw new InvalidOptionException("The small-object weight is the most weight of a small object, at least 1 (1 = off), got "
                        + smallObjectWeight + ".");
            }
            if (architecture != Architecture.CNN && patchSize % (1 << depth) != 0) {
                throw new InvalidOptionException("The patch size " + patchSize + " must be a multiple of 2^depth = " + (1 << depth) + ".");
            }
            if (exportHead != 0 && architecture != Architecture.UNETPP) {
                throw new InvalidOptionException("Export head " + exportHead + " applies to U-Net++ only (--arch unetpp); the "
                        + architecture.name().toLowerCase(java.util.Locale.ROOT) + " has one output. Leave it at 0.");
            }
            return new TrainingOptions(this);
        }

        private static int atLeast(String what, int value, int min) {
            if (value < min) throw new InvalidOptionException("The " + what + " must be at least " + min + ", got " + value + ".");
            return value;
        }
    }
}
