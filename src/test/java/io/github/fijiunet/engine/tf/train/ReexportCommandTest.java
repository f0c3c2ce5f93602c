package io.github.fijiunet.engine.tf.train;

import io.github.fijiunet.cli.FijiUnetCli;
import io.github.fijiunet.model.ModelDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReexportCommandTest {

    private static final Path MODELS = Path.of("models");

    @TempDir
    Path temp;

    @Test
    void rewritesTheGraphKeepsTheWeightsAndDescriptorAddsTheBfloat16TwinAndMemoryAndNotesItInTheModelCard() throws IOException {
        Path model = copy(MODELS.resolve("nuclei-unetpp"), temp.resolve("nuclei-unetpp"));
        // As written before bfloat16 twins and activation memory existed: re-export adds both, as the shipped descriptor has them.
        Path descriptor = model.resolve("fiji-unet.json");
        String withTwin = "\"bfloat16Signature\": \"serving_bfloat16\"";
        String withMemory = "\"activationBytesPerPixel\": 1024,";
        assertTrue(Files.readString(descriptor).contains(withTwin) && Files.readString(descriptor).contains(withMemory), "test setup");
        Files.writeString(descriptor, Files.readString(descriptor).replace(withTwin, "\"bfloat16Signature\": null")
                .replace(withMemory, "\"activationBytesPerPixel\": null,"));
        assertEquals(0, FijiUnetCli.run("reexport", model.toString()));

        assertArrayEquals(Files.readAllBytes(MODELS.resolve("nuclei-unetpp/fiji-unet.json")), Files.readAllBytes(model.resolve("fiji-unet.json")));
        String before = Files.readString(MODELS.resolve("nuclei-unetpp/MODEL_CARD.md"));
        String after = Files.readString(model.resolve("MODEL_CARD.md"));
        assertTrue(after.startsWith(before), "the card is kept");
        String added = after.substring(before.length());
        assertTrue(added.contains("Re-exported") && added.contains("`fiji-unet reexport " + model + "`"), added);
        assertEquals(List.of(model), list(temp), "no scratch folders are left");

        float[] input = new float[1 * 64 * 48];
        Random random = new Random(3);
        for (int i = 0; i < input.length; i++) input[i] = (float) random.nextGaussian();
        float[] expected = predict(MODELS.resolve("nuclei-unetpp"), "serving_default", input);
        float[] actual = predict(model, "serving_default", input);
        for (int i = 0; i < expected.length; i++) assertEquals(expected[i], actual[i], 1e-4, "output " + i);
        float[] bfloat16 = predict(model, "serving_bfloat16", input);
        for (int i = 0; i < expected.length; i++) assertEquals(expected[i], bfloat16[i], 0.1, "bfloat16 output " + i);
        try (SavedModelBundle bundle = SavedModelBundle.load(model.toString(), "serve")) {
            bundle.graph().operations().forEachRemaining(op -> assertNotEquals("ConcatV2", op.type(),
                    "the concatenations are split into per-part convolutions"));
        }
    }

    /** Every file and folder of the user's stays, in the model folder and beside it (names the re-export once used as scratch). */
    @Test
    void keepsTheUsersFoldersInsideAndBesideTheModel() throws IOException {
        Path model = copy(MODELS.resolve("nuclei-unetpp"), temp.resolve("nuclei-unetpp"));
        Files.createDirectories(model.resolve("notes/figures"));
        Files.writeString(model.resolve("notes/figures/loss.csv"), "epoch,loss");
        Files.writeString(model.resolve(".hidden"), "mine");
        Path backup = Files.createDirectories(temp.resolve("nuclei-unetpp.old"));
        Files.writeString(backup.resolve("fiji-unet.json"), "the user's backup");
        Path scratch = Files.createDirectories(temp.resolve("nuclei-unetpp.reexporting"));
        Files.writeString(scratch.resolve("keep.txt"), "mine too");
        List<String> before = TrainCommandTest.tree(model);

        assertEquals(0, FijiUnetCli.run("reexport", model.toString()));
        assertEquals(before, TrainCommandTest.tree(model));
        assertEquals("epoch,loss", Files.readString(model.resolve("notes/figures/loss.csv")));
        assertEquals("mine", Files.readString(model.resolve(".hidden")));
        assertEquals("the user's backup", Files.readString(backup.resolve("fiji-unet.json")));
        assertEquals("mine too", Files.readString(scratch.resolve("keep.txt")));
        assertEquals(List.of(model, backup, scratch), list(temp), "no scratch folders are left");
    }

    @ParameterizedTest
    @ValueSource(strings = {"nuclei-unet", "nuclei-unetpp", "em-membrane-unet"})
    void shippedDescriptorsRecordTheActivationMemoryOfTheirNetwork(String name) {
        Path dir = MODELS.resolve(name);
        ModelDescriptor descriptor = ModelDescriptor.read(dir);
        try (SavedModelBundle bundle = SavedModelBundle.load(dir.toString(), "serve")) {
            assertEquals(ModelReexporter.builder(descriptor, bundle.graph(), dir).activationBytesPerPixel(),
                    descriptor.activationBytesPerPixel().getAsLong());
        }
    }

    @Test
    void refusesAClassifierAndLeavesItsFolderAlone() throws IOException {
        Path model = copy(MODELS.resolve("fashion-cnn"), temp.resolve("fashion-cnn"));
        assertEquals(FijiUnetCli.EXIT_USER_ERROR, FijiUnetCli.run("reexport", model.toString()));
        assertEquals(List.of(model), list(temp), "no scratch folders are left");
        assertArrayEquals(Files.readAllBytes(MODELS.resolve("fashion-cnn/saved_model.pb")), Files.readAllBytes(model.resolve("saved_model.pb")));
        assertEquals(Files.readString(MODELS.resolve("fashion-cnn/MODEL_CARD.md")), Files.readString(model.resolve("MODEL_CARD.md")));
    }

    /**
     * A U-Net++ exported as the average of its heads, re-exported with each head alone: the heads'
     * outputs average to the original output, so each is that head with its own weights.
     */
    @Test
    void exportingOneHeadOfADeeplySupervisedUNetPlusPlusKeepsItsWeights() throws IOException {
        Path data = TrainCommandTest.trainingData(temp.resolve("data"));
        String[] run = TrainCommandTest.tinyRun(data, temp.resolve("averaged"), temp.resolve("work"));
        run[java.util.Arrays.asList(run).indexOf("unet")] = "unetpp";
        assertEquals(0, FijiUnetCli.run(run));
        Path averaged = temp.resolve("averaged");
        float[] input = new float[64 * 48];
        Random random = new Random(5);
        for (int i = 0; i < input.length; i++) input[i] = (float) random.nextGaussian();
        float[] expected = predict(averaged, "serving_default", input);
        float[][] heads = new float[2][];
        for (int head = 1; head <= 2; head++) {
            Path model = copy(averaged, temp.resolve("head" + head));
            assertEquals(0, FijiUnetCli.run("reexport", "--export-head", String.valueOf(head), model.toString()));
            heads[head - 1] = predict(model, "serving_default", input);
            String network = ModelDescriptor.read(model).training().get("network").getAsString();
            assertTrue(network.contains("exported head " + head + " (pruned)"), network);
            String card = Files.readString(model.resolve("MODEL_CARD.md"));
            assertTrue(card.contains("exporting head " + head + " of its deep supervision alone") && card.contains("tune again"), card);
        }
        double differs = 0;
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], (heads[0][i] + heads[1][i]) / 2, 1e-5, "mean of the heads at " + i);
            differs = Math.max(differs, Math.abs(heads[0][i] - heads[1][i]));
        }
        assertTrue(differs > 1e-3, "the heads differ: " + differs);

        // A folder with one head left, and a U-Net, have no other head to export; both stay as they were.
        byte[] before = Files.readAllBytes(temp.resolve("head2/saved_model.pb"));
        assertEquals(FijiUnetCli.EXIT_USER_ERROR, FijiUnetCli.run("reexport", "--export-head", "1", temp.resolve("head2").toString()));
        assertArrayEquals(before, Files.readAllBytes(temp.resolve("head2/saved_model.pb")));
        Path unet = copy(MODELS.resolve("nuclei-unet"), temp.resolve("nuclei-unet"));
        assertEquals(FijiUnetCli.EXIT_USER_ERROR, FijiUnetCli.run("reexport", "--export-head", "1", unet.toString()));
        assertArrayEquals(Files.readAllBytes(MODELS.resolve("nuclei-unet/saved_model.pb")), Files.readAllBytes(unet.resolve("saved_model.pb")));
    }

    private static float[] predict(Path model, String signature, float[] input) {
        try (SavedModelBundle bundle = SavedModelBundle.load(model.toString(), "serve");
             TFloat32 x = TFloat32.tensorOf(Shape.of(1, 64, 48, 1), DataBuffers.of(input, true, false));
             Result result = bundle.function(signature).call(Map.of("input", x))) {
            TFloat32 y = (TFloat32) result.get("output").orElseThrow();
            float[] out = new float[(int) y.shape().size()];
            y.copyTo(DataBuffers.of(out, false, false));
            return out;
        }
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.sorted().collect(Collectors.toList());
        }
    }

    static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) Files.createDirectories(target);
                else Files.copy(f, target);
            }
        }
        return to;
    }
}
