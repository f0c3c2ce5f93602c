package io.github.fijiunet.engine.tf.train;

import io.github.fijiunet.AtomicFolders;
import io.github.fijiunet.engine.tf.net.Mode;
import io.github.fijiunet.engine.tf.net.Network;
import io.github.fijiunet.engine.tf.net.NetworkBuilder;
import io.github.fijiunet.engine.tf.net.VariableStore;
import io.github.fijiunet.model.CpuFeatures;
import io.github.fijiunet.model.ModelDescriptor;
import io.github.fijiunet.model.Precision;
import io.github.fijiunet.model.Task;
import io.github.fijiunet.tensor.Normalization;
import io.github.fijiunet.train.Architecture;
import io.github.fijiunet.train.ClassificationDataset;
import io.github.fijiunet.train.Dataset;
import io.github.fijiunet.train.SegmentationDataset;
import io.github.fijiunet.train.Splits;
import io.github.fijiunet.train.TrainingListener;
import io.github.fijiunet.train.TrainingOptions;
import io.github.fijiunet.train.TrainingReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class TrainerTest {

    /** Noisy images with 1–3 bright disks, instance-labelled. */
    static SegmentationDataset disks(Task task, int count, int size, long seed) {
        Random random = new Random(seed);
        List<SegmentationDataset.Sample> samples = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            float[] image = new float[size * size];
            int[] labels = new int[size * size];
            int disks = 1 + random.nextInt(3);
            for (int d = 1; d <= disks; d++) {
                int cx = 6 + random.nextInt(size - 12);
                int cy = 6 + random.nextInt(size - 12);
                int r = 3 + random.nextInt(4);
                for (int y = 0; y < size; y++) {
                    for (int x = 0; x < size; x++) {
                        if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r) labels[y * size + x] = d;
                    }
                }
            }
            for (int i = 0; i < image.length; i++) image[i] = (labels[i] != 0 ? 150 : 50) + 20 * (float) random.nextGaussian();
            samples.add(SegmentationDataset.sample("disk" + n, size, size, image, labels, task, Normalization.percentile(1, 99.8)));
        }
        return new SegmentationDataset(task, samples, "synthetic disks");
    }

    private static TrainingOptions.Builder tinyUNet(Path dir) {
        return TrainingOptions.builder("tiny", dir.resolve("model")).workDir(dir.resolve("work"))
                .architecture(Architecture.UNET).depth(2).baseFilters(4).patchSize(32).batchSize(4)
                .learningRate(0.01f).stepsPerEpoch(10).checkpointEvery(5).threads(2).seed(7);
    }

    @Test
    void semanticUNetLearnsExportsAndReloadsWithIdenticalPredictions(@TempDir Path dir) throws Exception {
        Dataset data = disks(Task.SEMANTIC, 8, 32, 1);
        Dataset validation = disks(Task.SEMANTIC, 3, 32, 2);
        List<Float> losses = new ArrayList<>();
        TrainingListener recorder = new TrainingListener() {
            @Override
            public void stepFinished(long step, long totalSteps, float loss) {
                losses.add(loss);
            }
        };
        TrainingReport report = new Trainer(tinyUNet(dir).epochs(10).build()).train(data, validation, null, recorder, io.github.fijiunet.Progress.NONE);
        assertEquals(100, losses.size());
        float early = (losses.get(0) + losses.get(1) + losses.get(2)) / 3;
        float late = (losses.get(97) + losses.get(98) + losses.get(99)) / 3;
        assertTrue(late < 0.6f * early, "loss " + early + " -> " + late);
        // 100 steps: about 0.92 in every run; 60 gave 0.54-0.82, as oneDNN's gradients vary in the last digits from run to run.
        assertTrue(report.validationMetrics().get("foreground_iou") > 0.8, report.summary());

        Path model = dir.resolve("model");
        ModelDescriptor descriptor = ModelDescriptor.read(model);
        assertEquals(Task.SEMANTIC, descriptor.task());
        assertEquals(4, descriptor.tileMultiple());
        assertEquals("sigmoid", descriptor.outputActivation());
        // Disks of radius 3-6: the median training object is 6-12 px across, written for object_diameter.
        assertTrue(descriptor.objectDiameter() >= 6 && descriptor.objectDiameter() <= 13, "objectDiameter " + descriptor.objectDiameter());
        assertEquals(data.objectDiameter(), descriptor.objectDiameter(), 0.05);
        assertEquals(ModelExporter.BFLOAT16_SIGNATURE, descriptor.bfloat16Signature());
        assertEquals(Networks.of(tinyUNet(dir).build(), Task.SEMANTIC, 1).activationBytesPerPixel(),
                descriptor.activationBytesPerPixel().getAsLong());
        assertTrue(Files.readString(model.resolve(ModelCard.FILE_NAME)).contains("foreground_iou"));
        assertEquals(Precision.FLOAT32, report.precision());
        assertEquals("float32", descriptor.training().get("precision").getAsString());

        // Fine-tuning starts from the exported weights: its first loss is far below a fresh start's.
        List<Float> fineTuning = new ArrayList<>();
        new Trainer(tinyUNet(dir.resolve("fine")).epochs(1).stepsPerEpoch(2).initFrom(model).build()).train(data, validation, null,
                new TrainingListener() {
                    @Override
                    public void stepFinished(long step, long totalSteps, float loss) {
                        fineTuning.add(loss);
                    }
                }, io.github.fijiunet.Progress.NONE);
        assertTrue(fineTuning.get(0) < 0.7f * losses.get(0), "fine-tuning starts at " + fineTuning.get(0) + ", fresh at " + losses.get(0));

        // In-session predictions: the inference net rebuilt from the best checkpoint, against the reloaded SavedModel.
        NetworkBuilder builder = Networks.of(tinyUNet(dir).build(), Task.SEMANTIC, 1);
        float[] image = new float[2 * 48 * 64];
        Random random = new Random(3);
        for (int i = 0; i < image.length; i++) image[i] = random.nextFloat();
        float[] inSession;
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1, -1, 1)));
            Network net = builder.build(tf, x, Mode.INFERENCE, new VariableStore(tf, 0));
            Checkpoints checkpoints = new Checkpoints(dir.resolve("work"));
            s.restore(Checkpoints.variables(checkpoints.best(TrainingState.read(checkpoints.newest()))));
            try (TFloat32 in = TFloat32.tensorOf(Shape.of(2, 48, 64, 1), DataBuffers.of(image, true, false));
                 Result r = s.runner().feed(x, in).fetch(net.probabilities()).run()) {
                inSession = read((TFloat32) r.get(0));
            }
        }
        try (SavedModelBundle bundle = SavedModelBundle.load(model.toString(), "serve");
             TFloat32 in = TFloat32.tensorOf(Shape.of(2, 48, 64, 1), DataBuffers.of(image, true, false));
             Result r = bundle.function("serving_default").call(Map.of("input", in))) {
            TFloat32 out = (TFloat32) r.get("output").orElseThrow();
            assertEquals(Shape.of(2, 48, 64, 1), out.shape());
            float[] reloaded = read(out);
            for (int i = 0; i < reloaded.length; i++) assertEquals(inSession[i], reloaded[i], 1e-5f);
        }
        // The bfloat16 twin shares the weights: the same probabilities to bfloat16's precision.
        try (SavedModelBundle bundle = SavedModelBundle.load(model.toString(), "serve");
             TFloat32 in = TFloat32.tensorOf(Shape.of(2, 48, 64, 1), DataBuffers.of(image, true, false));
             Result r = bundle.function(ModelExporter.BFLOAT16_SIGNATURE).call(Map.of("input", in))) {
            float[] bfloat16 = read((TFloat32) r.get("output").orElseThrow());
            for (int i = 0; i < bfloat16.length; i++) assertEquals(inSession[i], bfloat16[i], 0.05f);
        }
    }

    @Test
    void bfloat16TrainingLearnsAndExportsTheFloat32Model(@TempDir Path dir) {
        assumeTrue(CpuFeatures.hasBfloat16(), "this CPU has no bfloat16 instructions; training would fall back to float32");
        Dataset data = disks(Task.SEMANTIC, 8, 32, 1);
        Dataset validation = disks(Task.SEMANTIC, 3, 32, 2);
        List<Float> losses = new ArrayList<>();
        TrainingReport report = new Trainer(tinyUNet(dir).epochs(10).precision(Precision.BFLOAT16).build()).train(data, validation, null,
                new TrainingListener() {
                    @Override
                    public void stepFinished(long step, long totalSteps, float loss) {
                        losses.add(loss);
                    }
                }, io.github.fijiunet.Progress.NONE);
        float early = (losses.get(0) + losses.get(1) + losses.get(2)) / 3;
        float late = (losses.get(97) + losses.get(98) + losses.get(99)) / 3;
        assertTrue(late < 0.6f * early, "loss " + early + " -> " + late);
        // Measured with the exported float32 graph: the weights trained in bfloat16 serve in float32.
        // 100 steps, as in the float32 test above.
        assertTrue(report.validationMetrics().get("foreground_iou") > 0.8, report.summary());
        assertEquals(Precision.BFLOAT16, report.precision());
        assertEquals("bfloat16", ModelDescriptor.read(dir.resolve("model")).training().get("precision").getAsString());
    }

    private static float[] read(TFloat32 t) {
        float[] out = new float[(int) t.shape().size()];
        t.copyTo(DataBuffers.of(out, false, false));
        return out;
    }

    @Test
    void resumedRunContinuesFromTheCheckpointStep(@TempDir Path dir) throws Exception {
        Dataset data = disks(Task.INSTANCE, 6, 32, 4);
        Dataset validation = disks(Task.INSTANCE, 2, 32, 5);
        Map<Long, Float> uninterrupted = new java.util.HashMap<>();
        new Trainer(tinyUNet(dir.resolve("a")).epochs(1).build()).train(data, validation, null, recorder(uninterrupted),
                io.github.fijiunet.Progress.NONE);

        // A crash at step 7: the last checkpoint is the one of step 5.
        TrainingOptions options = tinyUNet(dir.resolve("b")).epochs(1).build();
        class Crash extends RuntimeException {}
        assertThrows(Crash.class, () -> new Trainer(options).train(data, validation, null, new TrainingListener() {
            @Override
            public void stepFinished(long step, long totalSteps, float loss) {
                if (step == 7) throw new Crash();
            }
        }, io.github.fijiunet.Progress.NONE));
        assertThrows(io.github.fijiunet.FijiUnetException.class, () -> new Trainer(options).train(data, validation, null,
                TrainingListener.NONE, io.github.fijiunet.Progress.NONE), "an existing checkpoint needs resume");
        copyTree(dir.resolve("b"), dir.resolve("c"));

        Map<Long, Float> resumed = new java.util.LinkedHashMap<>();
        TrainingReport report = new Trainer(tinyUNet(dir.resolve("b")).epochs(1).resume(true).build()).train(data, validation, null,
                recorder(resumed), io.github.fijiunet.Progress.NONE);
        assertEquals(List.of(6L, 7L, 8L, 9L, 10L), new ArrayList<>(resumed.keySet()));
        assertEquals(10, report.steps());
        // Step 6's loss is computed from the restored weights on the step's batch, before any update: a second resume
        // from the same checkpoint must give it exactly, and the uninterrupted run nearly (oneDNN's multi-threaded
        // gradient sums differ in the last bits from run to run, which drifts the weights a little).
        Map<Long, Float> resumedAgain = new java.util.LinkedHashMap<>();
        new Trainer(tinyUNet(dir.resolve("c")).epochs(1).resume(true).build()).train(data, validation, null, recorder(resumedAgain),
                io.github.fijiunet.Progress.NONE);
        assertEquals(resumed.get(6L), resumedAgain.get(6L), 1e-5f);
        for (long step = 6; step <= 10; step++) assertEquals(uninterrupted.get(step), resumed.get(step), 0.03f * uninterrupted.get(step), "step " + step);
    }

    /**
     * The two moments a crash can interrupt a checkpoint save at: before the new checkpoint's state
     * file is in place (its files partly written; resume from the previous one) and after it, before
     * the older checkpoint is removed (resume from the new one). A second run of the same options
     * that crashes later provides the newer checkpoint.
     */
    @Test
    void aCheckpointOfTheEarlierLayoutIsRefusedAndKept(@TempDir Path dir) throws Exception {
        Path last = Files.createDirectories(dir.resolve("work").resolve("last"));
        Path ckpt = Files.writeString(last.resolve("ckpt.index"), "weights of an earlier version");
        for (boolean resume : new boolean[] {false, true}) {
            Trainer trainer = new Trainer(tinyUNet(dir).epochs(1).resume(resume).build());
            String message = assertThrows(io.github.fijiunet.FijiUnetException.class, () -> trainer.train(disks(Task.INSTANCE, 2, 32, 4),
                    disks(Task.INSTANCE, 1, 32, 5), null, TrainingListener.NONE, io.github.fijiunet.Progress.NONE)).getMessage();
            assertTrue(message.contains("earlier fiji-unet version") && message.contains("--work-dir"), message);
        }
        assertEquals("weights of an earlier version", Files.readString(ckpt));
    }

    @Test
    void resumeContinuesFromTheNewestCompleteCheckpointWhereverASaveWasInterrupted(@TempDir Path dir) throws Exception {
        Dataset data = disks(Task.INSTANCE, 6, 32, 4);
        Dataset validation = disks(Task.INSTANCE, 2, 32, 5);
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        crashAt(4, tinyUNet(a).epochs(1).checkpointEvery(3).build(), data, validation);
        crashAt(7, tinyUNet(b).epochs(1).checkpointEvery(3).build(), data, validation);
        Checkpoints inA = new Checkpoints(a.resolve("work"));
        Checkpoints inB = new Checkpoints(b.resolve("work"));
        assertEquals(inA.folder(3), inA.newest());
        assertEquals(inB.folder(6), inB.newest());
        copyTree(a, dir.resolve("a2"));

        // Interrupted before the state file: the variables partly there, the state only as its temporary file.
        Path partial = Files.createDirectories(inA.folder(6));
        try (java.util.stream.Stream<Path> files = Files.list(inB.folder(6))) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (f.getFileName().toString().endsWith(".index")) Files.copy(f, partial.resolve(f.getFileName()));
            }
        }
        Files.copy(inB.folder(6).resolve(TrainingState.FILE_NAME), partial.resolve(TrainingState.FILE_NAME + ".tmp"));
        Map<Long, Float> resumed = new java.util.LinkedHashMap<>();
        TrainingReport report = new Trainer(tinyUNet(a).epochs(1).checkpointEvery(3).resume(true).build()).train(data, validation, null,
                recorder(resumed), io.github.fijiunet.Progress.NONE);
        assertEquals(List.of(4L, 5L, 6L, 7L, 8L, 9L, 10L), new ArrayList<>(resumed.keySet()), "resumed from step 3");
        assertEquals(10, report.steps());
        assertEquals(List.of("step-10"), TrainCommandTest.tree(a.resolve("work")).stream().filter(p -> !p.contains("/"))
                .collect(java.util.stream.Collectors.toList()), "only the last (and best) checkpoint is left");

        // Interrupted after the new state file, before the old checkpoint was removed: both complete.
        Path a2 = dir.resolve("a2");
        Checkpoints inA2 = new Checkpoints(a2.resolve("work"));
        copyTree(inB.folder(6), inA2.folder(6));
        Map<Long, Float> resumedFromNewer = new java.util.LinkedHashMap<>();
        new Trainer(tinyUNet(a2).epochs(1).checkpointEvery(3).resume(true).build()).train(data, validation, null,
                recorder(resumedFromNewer), io.github.fijiunet.Progress.NONE);
        assertEquals(List.of(7L, 8L, 9L, 10L), new ArrayList<>(resumedFromNewer.keySet()), "resumed from step 6");
        assertEquals(resumed.get(7L), resumedFromNewer.get(7L), 0.03f * resumed.get(7L));
        assertTrue(Files.notExists(inA2.folder(3)), "the older checkpoint went once a newer one was complete");
    }

    private static void crashAt(long crashStep, TrainingOptions options, Dataset data, Dataset validation) {
        class Crash extends RuntimeException {}
        assertThrows(Crash.class, () -> new Trainer(options).train(data, validation, null, new TrainingListener() {
            @Override
            public void stepFinished(long step, long totalSteps, float loss) {
                if (step == crashStep) throw new Crash();
            }
        }, io.github.fijiunet.Progress.NONE));
    }

    private static TrainingListener recorder(Map<Long, Float> losses) {
        return new TrainingListener() {
            @Override
            public void stepFinished(long step, long totalSteps, float loss) {
                losses.put(step, loss);
            }
        };
    }

    private static void copyTree(Path from, Path to) throws java.io.IOException {
        try (java.util.stream.Stream<Path> files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) Files.copy(p, to.resolve(from.relativize(p).toString()));
        }
    }

    @Test
    void unetPlusPlusTrainsWithDeepSupervisionAndExportsThePrunedHead(@TempDir Path dir) {
        Dataset data = disks(Task.INSTANCE, 4, 32, 6);
        TrainingReport report = new Trainer(tinyUNet(dir).architecture(Architecture.UNETPP).exportHead(1).epochs(1).stepsPerEpoch(3).build())
                .train(data, data, null, TrainingListener.NONE, io.github.fijiunet.Progress.NONE);
        assertEquals(3, report.steps());
        try (SavedModelBundle bundle = SavedModelBundle.load(dir.resolve("model").toString(), "serve");
             TFloat32 in = TFloat32.tensorOf(Shape.of(3, 16, 40, 1));
             Result r = bundle.function("serving_default").call(Map.of("input", in))) {
            assertEquals(Shape.of(3, 16, 40, 3), r.get("output").orElseThrow().shape());
        }
        assertTrue(ModelDescriptor.read(dir.resolve("model")).training().get("network").getAsString().contains("pruned"));
    }

    /** A fine-tune validated on another seeded split than its starting model's is warned before training; the same split is not. */
    @Test
    void fineTuningOnAnotherSplitIsWarnedAbout(@TempDir Path dir) {
        ClassificationDataset data = halves(80);
        Dataset[] first = Splits.split(data, 0.25, 1);
        new Trainer(TrainingOptions.builder("halves", dir.resolve("first")).architecture(Architecture.CNN).batchSize(16).epochs(1)
                .threads(2).normalization(Normalization.minMax()).build())
                .train(first[0], first[1], null, TrainingListener.NONE, io.github.fijiunet.Progress.NONE);
        for (long seed : new long[] {1, 2}) {
            Dataset[] split = Splits.split(data, 0.25, seed);
            List<String> messages = new java.util.ArrayList<>();
            new Trainer(TrainingOptions.builder("halves", dir.resolve("again-" + seed)).architecture(Architecture.CNN).batchSize(16).epochs(1)
                    .threads(2).normalization(Normalization.minMax()).initFrom(dir.resolve("first")).build())
                    .train(split[0], split[1], null, new TrainingListener() {
                        @Override
                        public void message(String text) {
                            messages.add(text);
                        }
                    }, io.github.fijiunet.Progress.NONE);
            List<String> warnings = messages.stream().filter(m -> m.startsWith("Warning:")).collect(java.util.stream.Collectors.toList());
            if (seed == 1) {
                assertEquals(List.of(), warnings, "the starting model's own split");
            } else {
                assertEquals(1, warnings.size(), messages.toString());
                assertTrue(warnings.get(0).contains("seeded split, seed 1, 60 training / 20 validation") && warnings.get(0).contains("seed 2")
                        && warnings.get(0).contains("Use the starting model's --seed and --val-fraction"), warnings.get(0));
            }
        }
    }

    /** Left half bright for class 0, right half for class 1, with noise. */
    private static ClassificationDataset halves(int n) {
        Random random = new Random(9);
        float[][] images = new float[n][];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
            images[i] = new float[28 * 28];
            for (int p = 0; p < 28 * 28; p++) {
                boolean left = p % 28 < 14;
                images[i][p] = (left == (labels[i] == 0) ? 0.8f : 0.2f) + 0.1f * (float) random.nextGaussian();
            }
        }
        return new ClassificationDataset(28, 28, images, labels, List.of("left", "right"), "synthetic halves");
    }

    @Test
    void cnnClassifierLearnsASeparableProblemAndReportsAccuracy(@TempDir Path dir) {
        ClassificationDataset data = halves(200);
        Dataset[] split = Splits.split(data, 0.25, 1);
        TrainingReport report = new Trainer(TrainingOptions.builder("halves", dir.resolve("cnn")).architecture(Architecture.CNN)
                .batchSize(16).epochs(6).learningRate(0.003f).threads(2).normalization(Normalization.minMax()).build())
                .train(split[0], split[1], split[1], TrainingListener.NONE, io.github.fijiunet.Progress.NONE);
        assertTrue(report.testMetrics().get("accuracy") > 0.95, report.summary());
        ModelDescriptor descriptor = ModelDescriptor.read(dir.resolve("cnn"));
        assertEquals(Task.CLASSIFICATION, descriptor.task());
        assertEquals(List.of("left", "right"), descriptor.classes());
        // calibrated on the validation set: the fitted temperature is the descriptor's, and it does not raise the log-loss
        assertEquals(Math.round(report.calibration.temperature() * 1e4) / 1e4, descriptor.temperature(), 1e-12);
        assertTrue(report.calibration.lossAfter() <= report.calibration.lossBefore(), report.calibration.lossBefore() + " -> "
                + report.calibration.lossAfter());
        assertEquals(report.testMetrics().get("accuracy"), report.uncalibratedTestMetrics.get("accuracy"), "calibration keeps every class");
        // trained without flips (a mirror image swaps left and right): no symmetry for test-time augmentation
        assertEquals(List.of(), descriptor.symmetries());
        assertTrue(readCard(dir.resolve("cnn")).contains("- Calibration: softmax temperature"), readCard(dir.resolve("cnn")));
    }

    private static String readCard(Path model) {
        try {
            return Files.readString(model.resolve("MODEL_CARD.md"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
