package io.github.fijiunet.model;

import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.TestModels;
import io.github.fijiunet.engine.tf.GpuSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class LoadedModelTest {

    @TempDir
    static Path tmp;

    static Path good;

    @BeforeAll
    static void export() throws IOException {
        good = TestModels.exportTinyUNet(tmp.resolve("good"), 1, 3);
    }

    /** A copy of the good model whose descriptor has {@code from} replaced by {@code to}. */
    private static Path withDescriptorEdit(String name, String from, String to) throws IOException {
        Path dir = copy(name);
        Path descriptor = dir.resolve(ModelDescriptor.FILE_NAME);
        String json = Files.readString(descriptor);
        assertTrue(json.contains(from), "test setup: descriptor lacks " + from);
        Files.writeString(descriptor, json.replace(from, to));
        return dir;
    }

    private static Path copy(String name) throws IOException {
        Path target = tmp.resolve(name);
        try (Stream<Path> files = Files.walk(good)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path dest = target.resolve(good.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(dest);
                else Files.copy(p, dest, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return target;
    }

    private static String loadError(Path dir) {
        return assertThrows(ModelLoadException.class, () -> LoadedModel.load(dir, RuntimeOptions.DEFAULT)).getMessage();
    }

    @Test
    void loadsAndRunsAnyFullyConvolutionalSize() {
        try (LoadedModel model = LoadedModel.load(good, RuntimeOptions.DEFAULT)) {
            assertEquals(ComputeDevice.CPU, model.device());
            assertEquals("tiny-unet", model.descriptor().name());
            assertEquals(2 * 8 * 12 * 3, model.runBatch(new float[2 * 8 * 12], 2, 8, 12, 1).length);
        }
    }

    @Test
    void missingFolder() {
        String message = loadError(tmp.resolve("nowhere"));
        assertTrue(message.contains("does not exist"), message);
    }

    @Test
    void missingSavedModel() throws IOException {
        Path dir = copy("no-pb");
        Files.delete(dir.resolve("saved_model.pb"));
        assertTrue(loadError(dir).contains("no saved_model.pb"));
    }

    @Test
    void corruptSavedModel() throws IOException {
        Path dir = copy("corrupt-pb");
        Files.write(dir.resolve("saved_model.pb"), new byte[] {1, 2, 3, 4, 5, 6, 7});
        assertTrue(loadError(dir).contains("could not load the SavedModel"));
    }

    @Test
    void missingVariables() throws IOException {
        Path dir = copy("no-variables");
        try (Stream<Path> files = Files.list(dir.resolve("variables"))) {
            for (Path p : (Iterable<Path>) files::iterator) Files.delete(p);
        }
        Files.delete(dir.resolve("variables"));
        assertTrue(loadError(dir).contains("no variables/ folder"));
    }

    @Test
    void emptyVariablesFolderFailsAtLoadNotAtTheFirstPrediction() throws IOException {
        Path dir = copy("empty-variables");
        try (Stream<Path> files = Files.list(dir.resolve("variables"))) {
            for (Path p : (Iterable<Path>) files::iterator) Files.delete(p);
        }
        String message = loadError(dir);
        assertTrue(message.contains("The model folder " + dir + " has no usable weights: its variables/ folder holds no variables.index")
                && message.contains("Copy the model folder again with its variables/ folder, or re-export it."), message);
    }

    @Test
    void tileMultipleTooSmallForTheNetworkFailsAtLoadNamingTheRightOne() throws IOException {
        // The tiny U-Net pools once: it needs even sizes, which the declared 4 is and 1 is not.
        Path dir = withDescriptorEdit("bad-multiple", "\"tileMultiple\": " + TestModels.MULTIPLE, "\"tileMultiple\": 1");
        String message = loadError(dir);
        assertTrue(message.contains("The \"tileMultiple\": 1 in " + dir.resolve(ModelDescriptor.FILE_NAME) + " does not match the network")
                && message.contains("it needs sizes that are multiples of 2. Set \"tileMultiple\": 2"), message);
        try (LoadedModel model = LoadedModel.load(withDescriptorEdit("coarser-multiple", "\"tileMultiple\": " + TestModels.MULTIPLE,
                "\"tileMultiple\": 6"), RuntimeOptions.DEFAULT)) {
            assertEquals(6, model.descriptor().tileMultiple(), "any multiple of the network's own is right");
        }
    }

    @Test
    void tensorFlowFailuresWhileRunningBecomeMessages() throws IOException {
        Path checking = TestModels.exportTinyUNet(tmp.resolve("finite-inputs-only"), 1, 3, true);
        float[] notANumber = new float[8 * 8];
        notANumber[3 * 8 + 3] = Float.NaN;
        try (LoadedModel model = LoadedModel.load(checking, RuntimeOptions.DEFAULT)) {
            String message = assertThrows(ModelLoadException.class, () -> model.runBatch(notANumber, 1, 8, 8, 1)).getMessage();
            assertTrue(message.startsWith("TensorFlow failed running the model \"tiny-unet\" (" + checking + ") on a [1, 8, 8, 1] input: ")
                    && !message.contains("[[") && message.endsWith("Re-export or re-download the model; if it keeps failing, report it."), message);
        }
    }

    @Test
    void windowsOfSizesTheModelDoesNotTakeAreRefusedBeforeTensorFlowSeesThem() {
        // Sizes off the tile multiple can reach oneDNN kernels that do not check shapes and crash the JVM.
        try (LoadedModel model = LoadedModel.load(good, RuntimeOptions.DEFAULT)) {
            String message = assertThrows(IllegalArgumentException.class, () -> model.runBatch(new float[5 * 8], 1, 5, 8, 1)).getMessage();
            assertTrue(message.contains("A 5×8 window") && message.contains("multiples of " + TestModels.MULTIPLE), message);
        }
    }

    @Test
    void missingDescriptor() throws IOException {
        Path dir = copy("no-descriptor");
        Files.delete(dir.resolve(ModelDescriptor.FILE_NAME));
        assertTrue(loadError(dir).contains("has no " + ModelDescriptor.FILE_NAME));
    }

    @Test
    void malformedDescriptor() throws IOException {
        Path dir = copy("bad-json");
        Files.writeString(dir.resolve(ModelDescriptor.FILE_NAME), "{ \"name\": ");
        assertTrue(loadError(dir).contains("not valid JSON"));
    }

    @Test
    void descriptorListsEveryProblem() throws IOException {
        Path dir = withDescriptorEdit("bad-fields", "\"semantic\"", "\"painting\"");
        String message = loadError(dir);
        assertTrue(message.contains("\"task\" must be classification, semantic or instance"), message);
    }

    @Test
    void activationMemoryMustBePositive() throws IOException {
        Path dir = withDescriptorEdit("bad-memory", "\"activationBytesPerPixel\": null", "\"activationBytesPerPixel\": 0");
        String message = loadError(dir);
        assertTrue(message.contains("\"activationBytesPerPixel\" must be at least 1 (or left out)"), message);
    }

    @Test
    void temperatureMustBePositive() throws IOException {
        Path dir = withDescriptorEdit("bad-temperature", "\"temperature\": null", "\"temperature\": -1");
        String message = loadError(dir);
        assertTrue(message.contains("\"temperature\" must be a positive number (or left out for 1), not -1.0"), message);
    }

    @Test
    void activationMemoryComesFromTheDescriptorAndHalvesInBfloat16() {
        try (LoadedModel model = LoadedModel.load(good, RuntimeOptions.DEFAULT)) {
            assertTrue(model.activationBytesPerPixel().isEmpty(), "the tiny test model's descriptor records none");
        }
        try (LoadedModel model = LoadedModel.load(SHIPPED_UNET, RuntimeOptions.DEFAULT)) {
            assertEquals(384, model.activationBytesPerPixel().getAsLong());
        }
        assumeTrue(CpuFeatures.hasBfloat16(), "this CPU has no bfloat16 instructions");
        try (LoadedModel model = LoadedModel.load(SHIPPED_UNET, BFLOAT16)) {
            assertEquals(192, model.activationBytesPerPixel().getAsLong());
        }
    }

    @Test
    void unknownSignature() throws IOException {
        String message = loadError(withDescriptorEdit("bad-signature", "\"serving_default\"", "\"predict\""));
        assertTrue(message.contains("no signature \"predict\"") && message.contains("serving_default"), message);
    }

    @Test
    void unknownInputName() throws IOException {
        String message = loadError(withDescriptorEdit("bad-input", "\"name\": \"input\"", "\"name\": \"image\""));
        assertTrue(message.contains("no input \"image\""), message);
    }

    @Test
    void descriptorChannelsDisagreeWithGraph() throws IOException {
        String message = loadError(withDescriptorEdit("bad-channels", "\"channels\": 1", "\"channels\": 2"));
        assertTrue(message.contains("declares 2 input channel(s) but the graph's input has 1"), message);
    }

    @Test
    void imageWithWrongChannelCount() {
        try (LoadedModel model = LoadedModel.load(good, RuntimeOptions.DEFAULT)) {
            String message = assertThrows(InvalidInputException.class, () -> model.runBatch(new float[8 * 8 * 3], 1, 8, 8, 3)).getMessage();
            assertTrue(message.contains("expects images with 1 channel(s); this one has 3"), message);
        }
    }

    @Test
    void gpuRequestWithoutGpuFallsBackToCpuWithWarning() {
        if (GpuSupport.isAvailable()) return; // on a GPU machine the request is honoured instead
        try (LoadedModel model = LoadedModel.load(good, new RuntimeOptions(ComputeDevice.GPU, 1, 1, Precision.FLOAT32))) {
            assertEquals(ComputeDevice.CPU, model.device());
            assertEquals(1, model.warnings().size());
            assertTrue(model.warnings().get(0).contains("running on the CPU instead"));
        }
    }

    private static final Path SHIPPED_UNET = Path.of("models", "nuclei-unet");
    private static final RuntimeOptions BFLOAT16 = new RuntimeOptions(ComputeDevice.CPU, 0, 0, Precision.BFLOAT16);

    @Test
    void bfloat16RunsTheTwinGraphWithinAFewHundredthsOfFloat32() {
        assumeTrue(CpuFeatures.hasBfloat16(), "this CPU has no bfloat16 instructions");
        float[] input = new float[96 * 128];
        Random random = new Random(5);
        for (int i = 0; i < input.length; i++) input[i] = (float) random.nextGaussian();
        float[] exact;
        float[] fast;
        try (LoadedModel model = LoadedModel.load(SHIPPED_UNET, RuntimeOptions.DEFAULT)) {
            assertEquals(Precision.FLOAT32, model.precision());
            exact = predict(model, input);
        }
        try (LoadedModel model = LoadedModel.load(SHIPPED_UNET, BFLOAT16)) {
            assertEquals(Precision.BFLOAT16, model.precision());
            assertEquals(List.of(), model.warnings());
            fast = predict(model, input);
        }
        double max = 0;
        double sum = 0;
        for (int i = 0; i < exact.length; i++) {
            double d = Math.abs(exact[i] - fast[i]);
            max = Math.max(max, d);
            sum += d;
        }
        assertTrue(max > 0, "bfloat16 ran a different graph, so some probability differs");
        assertTrue(max < 0.1 && sum / exact.length < 0.005, "max " + max + ", mean " + sum / exact.length);
    }

    private static float[] predict(LoadedModel model, float[] input) {
        return model.runBatch(input, 1, 96, 128, 1);
    }

    @Test
    void bfloat16FallsBackToFloat32WithAWarningWhenTheModelHasNoBfloat16Graph() {
        try (LoadedModel model = LoadedModel.load(good, BFLOAT16)) {
            assertEquals(Precision.FLOAT32, model.precision());
            assertEquals(1, model.warnings().size());
            String warning = model.warnings().get(0);
            assertTrue(warning.contains("no bfloat16 graph") && warning.contains("running in float32"), warning);
        }
    }

    @Test
    void descriptorNamingAMissingBfloat16Signature() throws IOException {
        assumeTrue(CpuFeatures.hasBfloat16(), "without bfloat16 instructions the signature is never looked up");
        Path dir = withDescriptorEdit("bad-bfloat16", "\"bfloat16Signature\": null", "\"bfloat16Signature\": \"fast\"");
        String message = assertThrows(ModelLoadException.class, () -> LoadedModel.load(dir, BFLOAT16)).getMessage();
        assertTrue(message.contains("no signature \"fast\"") && message.contains("Fix \"bfloat16Signature\""), message);
    }

    @Test
    void precisionParsesEitherCaseAndListsTheChoices() {
        assertEquals(Precision.BFLOAT16, Precision.parse(" BFloat16 "));
        String message = assertThrows(InvalidInputException.class, () -> Precision.parse("fp16")).getMessage();
        assertTrue(message.contains("\"fp16\"") && message.contains("float32 or bfloat16"), message);
    }
}
