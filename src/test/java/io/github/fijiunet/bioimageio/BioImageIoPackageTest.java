package io.github.fijiunet.bioimageio;

import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.model.ModelLoadException;
import io.github.fijiunet.model.RuntimeOptions;
import io.github.fijiunet.tensor.FloatTensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bioimage.io format's own example package, run by fiji-unet as bioimage.io's test runs it. */
public class BioImageIoPackageTest {

    static final Path NUCLEI_BROAD = Path.of("src", "test", "resources", "bioimageio", "unet2d_nuclei_broad");

    @Test
    void theDescriptionIsReadWithItsAxesProcessingAndWeights() throws IOException {
        ModelDescription d = ModelDescription.read(NUCLEI_BROAD.resolve("bioimageio.yaml"));
        assertEquals("UNet 2D Nuclei Broad", d.name());
        assertEquals("0.5.4", d.formatVersion());
        assertEquals(List.of("Constantin Pape;@bioimage-io", "Fynn Beuttenmueller"), d.authors());
        TensorDescription raw = d.inputs().get(0);
        assertEquals("raw", raw.id());
        assertEquals(List.of("batch", "channel", "y", "x"), raw.axisIds(), "the unnamed space axis is x");
        assertEquals(512, raw.axis("y").fixedSize());
        assertEquals(List.of("ensure_dtype", "zero_mean_unit_variance", "ensure_dtype"),
                raw.processing().stream().map(Processing.Step::id).collect(java.util.stream.Collectors.toList()));
        TensorDescription probability = d.outputs().get(0);
        assertEquals(32, probability.axis("y").halo());
        assertTrue(probability.axis("x").isReference() && probability.axis("x").referenceTensor().equals("raw"));
        assertEquals(List.of("probability"), probability.channelNames());
        assertEquals(List.of("onnx", "pytorch_state_dict", "torchscript"), List.copyOf(d.weights().keySet()));
    }

    @Test
    void theOnnxWeightsReproduceThePackagesTestOutput() {
        try (BioImageIoModel model = BioImageIoModel.load(NUCLEI_BROAD, RuntimeOptions.DEFAULT, null)) {
            assertEquals("onnx", model.weightFormat());
            assertTrue(model.engineName().startsWith("ONNX Runtime 1.23"), model.engineName());
            PackageTest.Result result = PackageTest.run(model);
            assertTrue(result.passed(), result.summary());
            assertTrue(result.maxDifference() < 1e-4, result.summary());
            System.out.println("unet2d_nuclei_broad: " + result.summary());
        }
    }

    @Test
    void aZippedPackageRunsLikeItsFolder(@TempDir Path tmp) throws IOException {
        Path zip = tmp.resolve("unet2d_nuclei_broad.zip");
        zip(NUCLEI_BROAD, zip);
        try (BioImageIoModel model = BioImageIoModel.load(zip, RuntimeOptions.DEFAULT, null)) {
            assertTrue(PackageTest.run(model).passed());
        }
    }

    @Test
    void aDamagedFileIsRefusedByItsChecksum(@TempDir Path tmp) throws IOException {
        Path copy = copy(NUCLEI_BROAD, tmp.resolve("damaged"));
        byte[] weights = Files.readAllBytes(copy.resolve("weights.onnx"));
        weights[weights.length / 2] ^= 1;
        Files.write(copy.resolve("weights.onnx"), weights);
        String message = assertThrows(ModelLoadException.class, () -> BioImageIoPackage.open(copy)).getMessage();
        assertTrue(message.contains("weights.onnx") && message.contains("SHA-256") && message.contains("download the package again"), message);
    }

    @Test
    void weightsFijiUnetCannotRunAreNamedWithTheOnesItRuns(@TempDir Path tmp) throws IOException {
        Path copy = copy(NUCLEI_BROAD, tmp.resolve("torch-only"));
        String yaml = Files.readString(copy.resolve("bioimageio.yaml"));
        yaml = yaml.replaceAll("(?s)  onnx:\\R.*?opset_version: 20\\R", ""); // the file has CRLF line ends
        Files.writeString(copy.resolve("bioimageio.yaml"), yaml);
        String message = assertThrows(ModelLoadException.class, () -> BioImageIoModel.load(copy, RuntimeOptions.DEFAULT, null)).getMessage();
        assertTrue(message.contains("pytorch_state_dict, torchscript") && message.contains("fiji-unet runs onnx and tensorflow_saved_model_bundle"), message);
    }

    @Test
    void linkedWeightsAreNotDownloaded(@TempDir Path tmp) throws IOException {
        Path copy = copy(NUCLEI_BROAD, tmp.resolve("linked"));
        Files.writeString(copy.resolve("bioimageio.yaml"), Files.readString(copy.resolve("bioimageio.yaml"))
                .replace("source: weights.onnx", "source: https://example.org/weights.onnx"));
        String message = assertThrows(ModelLoadException.class, () -> BioImageIoModel.load(copy, RuntimeOptions.DEFAULT, null)).getMessage();
        assertTrue(message.contains("only links its onnx weights") && message.contains("does not download"), message);
    }

    @Test
    void anUnknownProcessingStepIsNamed(@TempDir Path tmp) throws IOException {
        Path copy = copy(NUCLEI_BROAD, tmp.resolve("unknown-step"));
        Files.writeString(copy.resolve("bioimageio.yaml"), Files.readString(copy.resolve("bioimageio.yaml"))
                .replace("- id: sigmoid", "- id: gamma_correction"));
        String message = assertThrows(InvalidInputException.class, () -> BioImageIoPackage.open(copy)).getMessage();
        assertTrue(message.contains("\"gamma_correction\"") && message.contains("scale_range"), message);
    }

    @Test
    void aWrongInputSizeSaysWhatTheModelTakes() {
        try (BioImageIoModel model = BioImageIoModel.load(NUCLEI_BROAD, RuntimeOptions.DEFAULT, null)) {
            String message = assertThrows(InvalidInputException.class,
                    () -> model.predict(Map.of("raw", new FloatTensor(new int[] {1, 1, 256, 512}, new float[256 * 512])))).getMessage();
            assertTrue(message.contains("256 along y") && message.contains("y(space, 512)"), message);
        }
    }

    @Test
    void npyFilesRoundTrip(@TempDir Path tmp) throws IOException {
        FloatTensor t = new FloatTensor(new int[] {2, 3}, new float[] {1, 2, 3, 4.5f, -5, 6});
        Path file = tmp.resolve("t.npy");
        try (OutputStream out = Files.newOutputStream(file)) {
            Npy.write(t, out);
        }
        FloatTensor back = Npy.read(file);
        assertArrayEquals(t.shape(), back.shape());
        assertArrayEquals(t.data(), back.data());
        assertEquals(0, Files.size(file) % 64 == 0 ? 0 : (Files.size(file) - 24) % 4, "header padded to 64 bytes");
        FloatTensor test = Npy.read(NUCLEI_BROAD.resolve("test_input.npy"));
        assertArrayEquals(new int[] {1, 1, 512, 512}, test.shape());
        assertFalse(Float.isNaN(test.data()[0]));
    }

    static Path copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : (Iterable<Path>) files::iterator) Files.copy(f, to.resolve(f.getFileName()));
        }
        return to;
    }

    public static void zip(Path folder, Path zip) throws IOException {
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip)); Stream<Path> files = Files.list(folder)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                out.putNextEntry(new ZipEntry(f.getFileName().toString()));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
    }
}
