package io.github.fijiunet.engine.tf.train;

import com.google.gson.JsonObject;
import io.github.fijiunet.AtomicFolders;
import io.github.fijiunet.CancelledException;
import io.github.fijiunet.FijiUnetException;
import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.Progress;
import io.github.fijiunet.RealPaths;
import io.github.fijiunet.engine.tf.net.Mode;
import io.github.fijiunet.engine.tf.net.Network;
import io.github.fijiunet.engine.tf.net.NetworkBuilder;
import io.github.fijiunet.engine.tf.net.VariableStore;
import io.github.fijiunet.model.CpuFeatures;
import io.github.fijiunet.model.ModelDescriptor;
import io.github.fijiunet.model.Precision;
import io.github.fijiunet.model.Task;
import io.github.fijiunet.predict.Temperature;
import io.github.fijiunet.train.Architecture;
import io.github.fijiunet.train.Batch;
import io.github.fijiunet.train.ClassificationDataset;
import io.github.fijiunet.train.Dataset;
import io.github.fijiunet.train.SegmentationDataset;
import io.github.fijiunet.train.EpochResult;
import io.github.fijiunet.train.ImageFolders;
import io.github.fijiunet.train.Metrics;
import io.github.fijiunet.train.Splits;
import io.github.fijiunet.train.TrainingListener;
import io.github.fijiunet.train.TrainingOptions;
import io.github.fijiunet.train.TrainingOutput;
import io.github.fijiunet.train.TrainingReport;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Trains a network and exports the best epoch (lowest validation loss) as a model folder:
 * SavedModel + {@code fiji-unet.json} + {@code MODEL_CARD.md}.
 *
 * <pre>
 * TrainingOptions options = TrainingOptions.builder("nuclei-unet", Path.of("models/nuclei-unet"))
 *         .architecture(Architecture.UNET).depth(4).baseFilters(16).epochs(40).build();
 * Dataset train = ImageFolders.read(imagesDir, masksDir, Task.INSTANCE, Normalization.percentile(1, 99.8));
 * Dataset[] split = Splits.split(train, 0.15, options.seed());
 * TrainingReport report = new Trainer(options).train(split[0], split[1], null, listener, progress);
 * </pre>
 *
 * Every training batch is drawn from a random generator seeded by (seed, step), so a run resumed
 * from a checkpoint sees the same batches as an uninterrupted one. A checkpoint (all variables,
 * optimizer slots included, plus {@link TrainingState}; see {@link Checkpoints}) is written every
 * {@code checkpointEvery} steps, at every epoch end and on cancellation. The model folder is
 * written beside the output folder and swapped in when complete ({@link TrainingOutput} says
 * which output folders it may replace).
 */
public final class Trainer {

    private static final int SEGMENTATION_STEPS_PER_EPOCH = 100;
    private static final int CLASSIFICATION_EVALUATION_BATCH = 500;

    private final TrainingOptions options;

    public Trainer(TrainingOptions options) {
        this.options = options;
    }

    /**
     * @param test optional held-out set evaluated once with the exported model (may be null)
     * @throws CancelledException when {@code progress} is cancelled (a checkpoint is saved first)
     */
    public TrainingReport train(Dataset training, Dataset validation, Dataset test, TrainingListener listener, Progress progress) {
        if (training.task() != validation.task() || training.targetChannels() != validation.targetChannels()) {
            throw new InvalidInputException("Training and validation data must be of the same task and classes.");
        }
        TrainingOutput.check(options);
        if (options.borderWeight > 0) {
            if (!(training instanceof SegmentationDataset) || training.task() != Task.INSTANCE) {
                throw new InvalidInputException("border_weight weighs the gaps between touching objects: it is for the instance task. Set it to 0.");
            }
            // Training patches only: the validation loss stays the plain one, comparable across runs.
            training = ((SegmentationDataset) training).withBorderWeights(options.borderWeight);
        }
        if (options.smallObjectWeight > 1) {
            if (!(training instanceof SegmentationDataset) || training.task() != Task.INSTANCE) {
                throw new InvalidInputException("small_object_weight weighs objects by their size: it is for the instance task. Set it to 1.");
            }
            training = ((SegmentationDataset) training).withSmallObjectWeights(options.smallObjectWeight);
        }
        warnIfAnotherSplit(training, listener);
        long wallStart = System.nanoTime();
        NetworkBuilder builder = Networks.of(options, training.task(), training.targetChannels());
        checkInputSize(training, builder);
        int stepsPerEpoch = options.stepsPerEpoch > 0 ? options.stepsPerEpoch
                : training.task() == Task.CLASSIFICATION ? (training.size() + options.batchSize - 1) / options.batchSize
                : SEGMENTATION_STEPS_PER_EPOCH;
        long totalSteps = (long) options.epochs * stepsPerEpoch;
        ConfigProto config = ConfigProto.newBuilder().setIntraOpParallelismThreads(options.threads)
                .setInterOpParallelismThreads(1).build();
        Checkpoints checkpoints = new Checkpoints(options.workDir);
        TrainingState state = prepareWorkDir(checkpoints, listener);
        Precision precision = precision(listener);
        Network trainNet;

        try (Graph graph = new Graph(); Session session = new Session(graph, config)) {
            Ops tf = Ops.create(graph);
            Placeholder<TFloat32> input = tf.withName("input").placeholder(TFloat32.class, Placeholder.shape(ModelExporter.inputShape(builder)));
            Placeholder<TFloat32> targets = tf.withName("targets").placeholder(TFloat32.class);
            Placeholder<TFloat32> learningRate = tf.withName("learning_rate").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
            VariableStore store = new VariableStore(tf, options.seed);
            trainNet = builder.build(tf.withSubScope("train"), input,
                    precision == Precision.BFLOAT16 ? Mode.TRAINING_BFLOAT16 : Mode.TRAINING, store);
            Network evalNet = builder.build(tf.withSubScope("eval"), input, Mode.INFERENCE, store);
            Operand<TFloat32> trainLoss = Losses.build(tf.withSubScope("train_loss"), training.task(), trainNet.headLogits(), targets,
                    options.boundaryWeight, options.diceWeight);
            Operand<TFloat32> evalLoss = Losses.build(tf.withSubScope("eval_loss"), training.task(), evalNet.headLogits(), targets,
                    options.boundaryWeight, options.diceWeight);
            Op trainStep = AdamWithSchedule.minimize(tf, trainLoss, trainNet.trainableVariables(), learningRate);
            Map<String, Variable<TFloat32>> variables = store.all();
            Runnable initFromModel = options.initFrom != null && state.step == 0 ? weightCopier(tf, session, variables) : () -> {};

            session.initialize();
            if (state.step > 0) {
                Path checkpoint = checkpoints.folder(state.step);
                session.restore(Checkpoints.variables(checkpoint));
                listener.message("Resumed " + options.modelName + " from step " + state.step + " (" + checkpoint + ").");
            } else {
                initFromModel.run();
            }
            listener.message(options.modelName + ": " + builder.summary() + "; " + trainNet.parameterCount() + " parameters, "
                    + String.format("%.1f", trainNet.flopsPerPixel() / 1e3) + " kFLOP per pixel; " + totalSteps + " steps of "
                    + options.batchSize + " samples.");

            int evaluationBatch = training.task() == Task.CLASSIFICATION ? CLASSIFICATION_EVALUATION_BATCH : options.batchSize;
            List<Batch> validationBatches = validation.evaluationBatches(evaluationBatch, options.patchSize, options.seed);
            boolean stop = false;
            while (state.step < totalSteps && !stop) {
                if (progress.isCancelled()) {
                    saveCheckpoint(checkpoints, session, state);
                    listener.message("Saved the checkpoint of step " + state.step + " in " + checkpoints.folder(state.step) + ".");
                    throw new CancelledException();
                }
                float lr = learningRate(state.step, totalSteps);
                Batch batch = training.randomBatch(new Random(stepSeed(state.step)), options.batchSize, options.patchSize, options.augmentation);
                long t0 = System.nanoTime();
                float loss = runStep(session, input, targets, learningRate, trainStep, trainNet.updateOps(), trainLoss, batch, lr);
                state.trainSeconds += (System.nanoTime() - t0) / 1e9;
                if (!Float.isFinite(loss)) {
                    throw new FijiUnetException("Training diverged at step " + (state.step + 1) + " (loss " + loss
                            + "). Lower the learning rate (e.g. half of " + options.learningRate + ") and start again.");
                }
                state.step++;
                state.samplesSeen += batch.size();
                state.epochLossSum += loss;
                state.epochLossCount++;
                listener.stepFinished(state.step, totalSteps, loss);
                progress.update(state.step, totalSteps, options.modelName + ": step " + state.step + ", loss " + loss);

                if (state.step % stepsPerEpoch == 0) {
                    stop = finishEpoch(session, input, targets, evalLoss, evalNet, validation, validationBatches, state,
                            stepsPerEpoch, lr, listener);
                    saveCheckpoint(checkpoints, session, state);
                } else if (state.step % options.checkpointEvery == 0) {
                    saveCheckpoint(checkpoints, session, state);
                }
            }
            if (stop) {
                state.stoppedEarly = true;
                saveCheckpoint(checkpoints, session, state);
            }
        }
        return export(builder, trainNet, training, validation, test, state, config, checkpoints, wallStart, precision, listener);
    }

    /** The requested arithmetic, or float32 with a message where bfloat16 would be emulated (slower, not faster). */
    private Precision precision(TrainingListener listener) {
        if (options.precision == Precision.BFLOAT16 && !CpuFeatures.hasBfloat16()) {
            listener.message("bfloat16 requested, but " + CpuFeatures.NO_BFLOAT16 + "; training in float32.");
            return Precision.FLOAT32;
        }
        return options.precision;
    }

    private void checkInputSize(Dataset data, NetworkBuilder builder) {
        int[] fixed = builder.fixedInputSize();
        if (fixed != null && data instanceof ClassificationDataset) {
            ClassificationDataset c = (ClassificationDataset) data;
            if (c.height() != fixed[0] || c.width() != fixed[1]) {
                throw new InvalidInputException("The classifier takes " + fixed[1] + "×" + fixed[0] + " images, the data has "
                        + c.width() + "×" + c.height() + ". Resize the images first.");
            }
        }
    }

    private TrainingState prepareWorkDir(Checkpoints checkpoints, TrainingListener listener) {
        try {
            Files.createDirectories(options.workDir);
            Path newest = checkpoints.newest();
            if (newest != null && !options.resume) {
                throw new FijiUnetException("The work folder " + options.workDir + " holds a checkpoint of an earlier run. Resume it"
                        + " (--resume), or delete the folder or choose another work folder (--work-dir) to start over.");
            }
            if (newest != null) return TrainingState.read(newest);
            if (checkpoints.holdsEarlierLayout()) {
                throw new FijiUnetException("The work folder " + options.workDir + " holds a checkpoint written by an earlier fiji-unet"
                        + " version (last/, best/), which this version cannot resume. Finish that run with the version that started it,"
                        + " or start over with another work folder (--work-dir); the old checkpoint is left as it is.");
            }
            if (options.resume) listener.message("No checkpoint in " + options.workDir + ": starting a new run.");
            return new TrainingState();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A fine-tune whose validation part is drawn by another seed (or fraction) than its starting
     * model's validates on images that model was trained on: its validation figures and best epoch
     * look better than they are. Said before training, with the fix; not refused, since a user may
     * mean it (new data, or a model trained elsewhere).
     */
    private void warnIfAnotherSplit(Dataset training, TrainingListener listener) {
        if (options.initFrom == null) return;
        String now = Splits.seededSplitOf(training.describe());
        String before;
        try {
            JsonObject metadata = ModelDescriptor.read(options.initFrom).training();
            before = metadata != null && metadata.has("data") ? Splits.seededSplitOf(metadata.get("data").getAsString()) : null;
        } catch (RuntimeException unreadable) {
            return; // loading its weights reports what is wrong with the folder
        }
        if (now == null || before == null || now.equals(before)) return;
        listener.message("Warning: " + options.initFrom + " was trained on the training part of a " + before + "; this run validates on the "
                + "validation part of a " + now + ", which holds images the starting model was trained on, so the validation figures and the "
                + "best epoch will look better than they are. Use the starting model's --seed and --val-fraction to validate on images it has not seen.");
    }

    /** Assign ops that copy every variable from the model folder {@code initFrom}; run once after initialisation. */
    private Runnable weightCopier(Ops tf, Session session, Map<String, Variable<TFloat32>> variables) {
        List<Placeholder<TFloat32>> feeds = new ArrayList<>();
        List<Op> assigns = new ArrayList<>();
        for (Variable<TFloat32> v : variables.values()) {
            Placeholder<TFloat32> value = tf.placeholder(TFloat32.class, Placeholder.shape(v.shape()));
            feeds.add(value);
            assigns.add(tf.assign(v, value));
        }
        return () -> {
            try (SavedModelBundle source = SavedModelBundle.loader(options.initFrom.toString()).withTags("serve").load()) {
                Session.Runner runner = session.runner();
                List<Result> values = new ArrayList<>();
                try {
                    int i = 0;
                    for (Variable<TFloat32> v : variables.values()) {
                        String name = v.op().name();
                        if (source.graph().operation(name) == null) {
                            throw new InvalidInputException("The model " + options.initFrom + " has no weight '" + name
                                    + "': it was trained with another architecture. Use the same --arch, --depth and --filters as that model.");
                        }
                        Result value = source.session().runner().fetch(name).run();
                        values.add(value);
                        TFloat32 tensor = (TFloat32) value.get(0);
                        if (!tensor.shape().equals(v.shape())) {
                            throw new InvalidInputException("The weight '" + name + "' of " + options.initFrom + " has shape " + tensor.shape()
                                    + ", this network needs " + v.shape() + ". Use the same --arch, --depth and --filters as that model.");
                        }
                        runner.feed(feeds.get(i), tensor).addTarget(assigns.get(i));
                        i++;
                    }
                    runner.run();
                } finally {
                    values.forEach(Result::close);
                }
            }
        };
    }

    private long stepSeed(long step) {
        return options.seed * 0x9E3779B97F4A7C15L + step;
    }

    private float learningRate(long step, long totalSteps) {
        if (options.schedule == TrainingOptions.Schedule.CONSTANT) return options.learningRate;
        double progress = (double) step / Math.max(1, totalSteps - 1);
        double floor = 0.01;
        return (float) (options.learningRate * (floor + (1 - floor) * 0.5 * (1 + Math.cos(Math.PI * progress))));
    }

    private static float runStep(Session session, Placeholder<TFloat32> input, Placeholder<TFloat32> targets, Placeholder<TFloat32> learningRate,
            Op trainStep, List<Op> updateOps, Operand<TFloat32> loss, Batch batch, float lr) {
        try (TFloat32 x = TFloat32.tensorOf(Shape.of(batch.inputShape), DataBuffers.of(batch.inputs, true, false));
             TFloat32 y = TFloat32.tensorOf(Shape.of(batch.targetShape), DataBuffers.of(batch.targets, true, false));
             TFloat32 rate = TFloat32.scalarOf(lr)) {
            Session.Runner runner = session.runner().feed(input, x).feed(targets, y).feed(learningRate, rate).addTarget(trainStep).fetch(loss);
            updateOps.forEach(runner::addTarget);
            try (Result result = runner.run()) {
                return ((TFloat32) result.get(0)).getFloat();
            }
        }
    }

    /** Validates, records the epoch, marks its checkpoint as the best one if it is; returns true when early stopping ends the run. */
    private boolean finishEpoch(Session session, Placeholder<TFloat32> input, Placeholder<TFloat32> targets, Operand<TFloat32> evalLoss,
            Network evalNet, Dataset validation, List<Batch> batches, TrainingState state, int stepsPerEpoch, float lr,
            TrainingListener listener) {
        Metrics metrics = new Metrics(validation.task(), validation.targetChannels());
        double lossSum = 0;
        long count = 0;
        for (Batch b : batches) {
            try (TFloat32 x = TFloat32.tensorOf(Shape.of(b.inputShape), DataBuffers.of(b.inputs, true, false));
                 TFloat32 y = TFloat32.tensorOf(Shape.of(b.targetShape), DataBuffers.of(b.targets, true, false));
                 Result result = session.runner().feed(input, x).feed(targets, y).fetch(evalLoss).fetch(evalNet.probabilities()).run()) {
                lossSum += ((TFloat32) result.get(0)).getFloat() * b.size();
                count += b.size();
                float[] probabilities = new float[b.targets.length];
                ((TFloat32) result.get(1)).copyTo(DataBuffers.of(probabilities, false, false));
                metrics.add(probabilities, b.targets, b.targets.length / validation.targetChannels());
            }
        }
        double validationLoss = lossSum / count;
        int epoch = (int) (state.step / stepsPerEpoch);
        boolean improved = validationLoss < state.bestValidationLoss;
        if (improved) {
            state.bestValidationLoss = validationLoss;
            state.bestEpoch = epoch;
            state.epochsWithoutImprovement = 0;
            state.bestStep = state.step; // the epoch end's checkpoint, written next, keeps these weights
        } else {
            state.epochsWithoutImprovement++;
        }
        EpochResult result = new EpochResult(epoch, options.epochs, state.step, state.epochLossSum / Math.max(1, state.epochLossCount),
                validationLoss, metrics.values(), lr, state.samplesSeen / Math.max(1e-9, state.trainSeconds), improved);
        state.history.add(result);
        state.epochLossSum = 0;
        state.epochLossCount = 0;
        listener.epochFinished(result);
        if (options.earlyStoppingPatience > 0 && state.epochsWithoutImprovement >= options.earlyStoppingPatience) {
            listener.message("Early stop: no better validation loss for " + options.earlyStoppingPatience + " epochs.");
            return true;
        }
        return false;
    }

    private static void saveCheckpoint(Checkpoints checkpoints, Session session, TrainingState state) {
        try {
            checkpoints.save(session, state);
        } catch (IOException e) {
            throw new FijiUnetException("Cannot write the checkpoint of step " + state.step + " in " + checkpoints.folder(state.step).getParent()
                    + ": " + e.getMessage() + ". Check the disk space and permissions.", e);
        }
    }

    /**
     * Writes the model folder in a staging sibling and swaps it in only when complete; an existing
     * model folder is kept until then, and the checkpoints stay in the work folder either way.
     */
    private TrainingReport export(NetworkBuilder builder, Network trainNet, Dataset training, Dataset validation, Dataset test,
            TrainingState state, ConfigProto config, Checkpoints checkpoints, long wallStart, Precision precision,
            TrainingListener listener) {
        TrainingReport[] report = new TrainingReport[1];
        try {
            AtomicFolders.write(options.outputDir, staging -> {
                report[0] = writeModel(staging, builder, trainNet, training, validation, test, state, config, checkpoints, wallStart,
                        precision, listener);
                TrainingOutput.check(options); // again: the folder may have changed during the run
            });
        } catch (InvalidInputException e) {
            throw new InvalidInputException(e.getMessage() + " The trained weights stay in " + options.workDir
                    + ": run the same command with --resume to export them.");
        } catch (IOException e) {
            throw new FijiUnetException("Cannot write the model folder " + options.outputDir + ": " + e.getMessage()
                    + ". Check the disk space and permissions.", e);
        }
        listener.message("Model written to " + options.outputDir + ".");
        return report[0];
    }

    private TrainingReport writeModel(Path dir, NetworkBuilder builder, Network trainNet, Dataset training, Dataset validation, Dataset test,
            TrainingState state, ConfigProto config, Checkpoints checkpoints, long wallStart, Precision precision,
            TrainingListener listener) throws IOException {
        Path source = checkpoints.best(state);
        ModelExporter.export(builder, Checkpoints.variables(source), dir, config);
        boolean best = source.equals(checkpoints.folder(state.bestStep));
        listener.message("Exported " + (best ? "the best epoch (" + state.bestEpoch + ")" : "the last step")
                + "; evaluating it" + (test != null ? " on the validation and test sets." : " on the validation set."));
        Temperature.Fit calibration = null;
        Metrics validationMetrics;
        Metrics testMetrics = null;
        Metrics uncalibratedTest = null;
        if (training.task() == Task.CLASSIFICATION) {
            // Calibrated on the validation set; every figure after that is of the calibrated probabilities.
            Evaluator.ClassifierOutputs validated = Evaluator.classify(dir, validation, config);
            calibration = validated.calibrate();
            validationMetrics = validated.metrics(calibration.temperature());
            if (test != null) {
                Evaluator.ClassifierOutputs tested = Evaluator.classify(dir, test, config);
                testMetrics = tested.metrics(calibration.temperature());
                uncalibratedTest = tested.metrics(1);
            }
        } else {
            validationMetrics = Evaluator.evaluate(dir, validation, builder.tileMultiple(), config);
            if (test != null) testMetrics = Evaluator.evaluate(dir, test, builder.tileMultiple(), config);
        }
        double samplesPerSecond = state.samplesSeen / Math.max(1e-9, state.trainSeconds);
        long pixelsPerSample = builder.fixedInputSize() != null ? (long) builder.fixedInputSize()[0] * builder.fixedInputSize()[1]
                : (long) options.patchSize * options.patchSize;
        // A training step costs about three forward passes (forward, input and weight gradients).
        double flopsPerSecond = 3 * trainNet.flopsPerPixel() * pixelsPerSample * samplesPerSecond;
        int epochsRun = state.history.isEmpty() ? 0 : state.history.get(state.history.size() - 1).epoch;
        TrainingReport report = new TrainingReport(options.outputDir, builder.summary(), trainNet.parameterCount(), trainNet.flopsPerPixel(),
                state.step, epochsRun, state.bestEpoch, state.bestValidationLoss, state.stoppedEarly, state.trainSeconds,
                (System.nanoTime() - wallStart) / 1e9, samplesPerSecond, flopsPerSecond, precision, validationMetrics.values(),
                testMetrics == null ? null : testMetrics.values(), List.copyOf(state.history), calibration,
                uncalibratedTest == null ? null : uncalibratedTest.values());
        ModelCard.writeDescriptor(dir, options, builder, training, report);
        ModelCard.write(dir, options, builder, training, validation, test, report, testMetrics);
        return report;
    }
}
