package io.github.fijiunet.cli;

import io.github.fijiunet.bioimageio.Npy;
import io.github.fijiunet.tensor.FloatTensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code fiji-unet bioimageio test}: PASS or FAIL with the largest difference, as bioimage.io's own test says it. */
class BioImageIoCommandTest {

    private static final Path PACKAGE = Path.of("src", "test", "resources", "bioimageio", "unet2d_nuclei_broad");

    @Test
    void thePackagesTestPasses() {
        CliRun run = CliRun.of("bioimageio", "test", PACKAGE.toString());
        assertEquals(0, run.exitCode, run.toString());
        assertTrue(run.out.contains("UNet 2D Nuclei Broad (format 0.5.4), onnx weights on ONNX Runtime 1.23.2"), run.out);
        assertTrue(run.out.matches("(?s).*PASS: output probability max \\|difference\\| \\d\\.\\d\\de-0[5-9].*"), run.out);
    }

    @Test
    void aWrongTestOutputFailsWithItsDifference(@TempDir Path tmp) throws Exception {
        Path copy = Files.createDirectories(tmp.resolve("wrong"));
        try (Stream<Path> files = Files.list(PACKAGE)) {
            for (Path f : (Iterable<Path>) files::iterator) Files.copy(f, copy.resolve(f.getFileName()));
        }
        FloatTensor expected = Npy.read(copy.resolve("test_output.npy"));
        expected.data()[1000] += 0.5f;
        try (OutputStream out = Files.newOutputStream(copy.resolve("test_output.npy"))) {
            Npy.write(expected, out);
        }
        String yaml = Files.readString(copy.resolve("bioimageio.yaml"));
        Files.writeString(copy.resolve("bioimageio.yaml"), yaml.replace("sha256: 39925fb38bc74530902e44bf8e43a8bd0a9e3675aab758d89f47dc66cb9818ed", ""));
        CliRun run = CliRun.of("bioimageio", "test", copy.toString());
        assertEquals(1, run.exitCode, run.toString());
        assertTrue(run.out.contains("FAIL: output probability max |difference| 5.00e-01, 1 of 262144 values outside the tolerance"), run.out);
    }

    /** A package is a model like fiji-unet's own: segment by path, zipped, with its labels, ROIs and results written. */
    @Test
    void segmentRunsAZippedPackage(@TempDir Path tmp) throws Exception {
        Path zip = tmp.resolve("nuclei-broad.zip");
        io.github.fijiunet.bioimageio.BioImageIoPackageTest.zip(PACKAGE, zip);
        Path out = tmp.resolve("out");
        CliRun run = CliRun.of("segment", "--model", zip.toString(), "--input", "test-images/nuclei/images/00071198d059ba7f.tif",
                "--output", out.toString(), "--device", "gpu");
        assertEquals(0, run.exitCode, run.toString());
        assertTrue(run.out.matches("(?s).*\\d+ objects in 00071198d059ba7f.tif.*"), run.out);
        assertTrue(run.err.contains("GPU requested but ONNX Runtime"), run.err);
        for (Path f : io.github.fijiunet.workflow.SegmentationOutput.filesFor(out, "00071198d059ba7f")) assertTrue(Files.isRegularFile(f), f.toString());
    }

    @Test
    void aFolderThatIsNoPackageIsOneMessage(@TempDir Path tmp) {
        CliRun run = CliRun.of("bioimageio", "test", tmp.toString());
        assertEquals(1, run.exitCode, run.toString());
        assertTrue(run.err.contains("is no bioimage.io package") && run.err.contains("bioimageio.yaml"), run.err);
        assertFalse(run.err.contains("\tat "), "no stack trace");
    }
}
