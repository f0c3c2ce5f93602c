package io.github.fijiunet.cli;

import ij.ImagePlus;
import ij.gui.Roi;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import io.github.fijiunet.TestClassifiers;
import io.github.fijiunet.TestImages;
import io.github.fijiunet.TestModels;
import io.github.fijiunet.fiji.BatchSegmentation;
import io.github.fijiunet.fiji.Rois;
import io.github.fijiunet.fiji.SegmentationOutput;
import io.github.fijiunet.post.InstanceOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CliTest {

    @TempDir
    static Path models;

    private static String unet;
    private static String sideClassifier;

    @BeforeAll
    static void export() throws Exception {
        unet = TestModels.exportTinyUNet(models.resolve("unet"), 1, 1).toString();
        sideClassifier = TestClassifiers.exportSideClassifier(models.resolve("side")).toString();
    }

    /** What one command line did. */
    private static final class Run {
        final int exitCode;
        final String out;
        final String err;

        Run(int exitCode, String out, String err) {
            this.exitCode = exitCode;
            this.out = out;
            this.err = err;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    private static Run cli(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(errBytes, true, StandardCharsets.UTF_8)) {
            System.setOut(o);
            System.setErr(e);
            int code = FijiUnetCli.run(args);
            return new Run(code, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void helpOnEverySubcommandShowsEnumFlagsAndDefaults() {
        Run root = cli("--help");
        assertEquals(0, root.exitCode, root.toString());
        for (String name : List.of("segment", "batch", "classify", "evaluate")) assertTrue(root.out.contains(name), root.out);
        for (String name : List.of("segment", "batch")) {
            Run help = cli(name, "--help");
            assertEquals(0, help.exitCode, help.toString());
            String text = help.out.replaceAll("\\s+", " ");
            for (InstanceOption option : InstanceOption.values()) assertTrue(help.out.contains(option.flag()), option.flag());
            assertTrue(text.contains("--min-size=<min_size> Minimum object size (pixels) (default: "
                    + InstanceOption.MIN_SIZE.defaultText() + ")."), text);
            assertTrue(text.contains("--device=cpu|gpu Device (default: cpu)."), text);
            assertTrue(text.contains("--precision=float32|bfloat16 Arithmetic"), text);
            assertTrue(text.contains("(default: nuclei-unet)"), text);
        }
        Run classify = cli("classify", "--help");
        assertEquals(0, classify.exitCode);
        assertTrue(classify.out.replaceAll("\\s+", " ").contains("(default: fashion-cnn)"), classify.out);
        assertTrue(classify.out.contains("--batch-size"), classify.out);
    }

    @Test
    void badCommandLinesExitWithTwo() {
        assertEquals(2, cli("segment", "--bogus").exitCode);
        assertEquals(2, cli("segment", "--input", "x.tif").exitCode);
        assertEquals(2, cli("segment", "--input", "x.tif", "--output", "o", "--tile-size", "big").exitCode);
        assertEquals(2, cli("classify").exitCode);
        assertEquals(2, cli("classify", "--idx-images", "a").exitCode);
        assertEquals(2, cli("no-such-command").exitCode);
    }

    @Test
    void moreThreadsThanCoresIsABadCommandLine(@TempDir Path dir) {
        int cores = Runtime.getRuntime().availableProcessors();
        // The input does not exist: a thread count that got past the options would stop there, with exit 1.
        String missing = dir.resolve("x.tif").toString();
        Run tooMany = cli("segment", "--model", unet, "--input", missing, "--output", dir.toString(), "--threads", "100000");
        assertEquals(2, tooMany.exitCode, tooMany.toString());
        assertTrue(tooMany.err.contains("Error: threads 100000 is more than this machine's " + cores + " cores; give 0 (all cores) or 1"),
                tooMany.err);
        Run allCores = cli("segment", "--model", unet, "--input", missing, "--output", dir.toString(), "--threads", String.valueOf(cores));
        assertEquals(1, allCores.exitCode, allCores.toString());
        assertTrue(allCores.err.contains("does not exist"), allCores.err);
        assertEquals(2, cli("batch", "--model", unet, "--input", dir.toString(), "--output", dir.resolve("out").toString(),
                "--threads", String.valueOf(cores + 1)).exitCode);
    }

    @Test
    void tileSizeBelowTheMinimumIsABadCommandLine(@TempDir Path dir) {
        // As above: a tile size that got past the options would stop at the missing input, with exit 1.
        Run tiny = cli("segment", "--model", unet, "--input", dir.resolve("x.tif").toString(), "--output", dir.toString(), "--tile-size", "1");
        assertEquals(2, tiny.exitCode, tiny.toString());
        assertTrue(tiny.err.contains("Error: Tile size 1 is too small: give 0 (automatic) or at least 64 pixels"), tiny.err);
    }

    @Test
    void userErrorsExitWithOneAndAMessageWithoutStackTrace(@TempDir Path dir) {
        Run missingModel = cli("segment", "--model", "no-such-model", "--input", "x.tif", "--output", dir.toString());
        assertEquals(1, missingModel.exitCode, missingModel.toString());
        Run missingImage = cli("segment", "--model", unet, "--input", dir.resolve("x.tif").toString(), "--output", dir.toString());
        assertEquals(1, missingImage.exitCode);
        assertTrue(missingImage.err.contains("does not exist"), missingImage.err);
        assertTrue(!missingImage.err.contains("\tat "), missingImage.err);
    }

    @Test
    void optionValuesTheCoreRefusesAreBadCommandLinesThatSayWhy(@TempDir Path dir) {
        Run badMethod = cli("segment", "--model", unet, "--input", "x.tif", "--output", dir.toString(), "--method", "magic");
        assertEquals(2, badMethod.exitCode, badMethod.toString());
        assertTrue(badMethod.err.contains("Error: Unknown instance method"), badMethod.err);
        Run badPrecision = cli("segment", "--model", unet, "--input", "x.tif", "--output", dir.toString(), "--precision", "half");
        assertEquals(2, badPrecision.exitCode, badPrecision.toString());
        assertTrue(badPrecision.err.contains("choose float32 or bfloat16"), badPrecision.err);
        Run badBatchSize = cli("classify", "--model", sideClassifier, "--input", dir.toString(), "--batch-size", "0");
        assertEquals(2, badBatchSize.exitCode, badBatchSize.toString());
        assertTrue(badBatchSize.err.contains("must be at least 1"), badBatchSize.err);
    }

    @Test
    void segmentWritesOutputsPrintsTheCountAndNeverOverwritesUnlessAsked(@TempDir Path dir) throws Exception {
        Path image = TestImages.copy(TestImages.NUCLEI, dir.resolve("nuclei.tif"));
        Path out = dir.resolve("out");
        String[] args = {"segment", "--model", unet, "--input", image.toString(), "--output", out.toString(),
                "--device", "gpu", "--precision", "bfloat16", "--tile-size", "96", "--threshold", "otsu", "--min-size", "5"};
        Run first = cli(args);
        assertEquals(0, first.exitCode, first.toString());
        Matcher count = Pattern.compile("(\\d+) objects in nuclei.tif \\(1 plane\\(s\\)\\)").matcher(first.out);
        assertTrue(count.find(), first.out);
        assertTrue(first.err.contains("running on cpu, float32."), first.err);
        assertTrue(first.err.contains("GPU requested but"), first.err);
        assertTrue(first.err.contains("bfloat16 requested, but") && first.err.contains("has no bfloat16 graph"), first.err);
        for (Path f : SegmentationOutput.filesFor(out, "nuclei")) assertTrue(Files.isRegularFile(f), f.toString());
        List<String> results = Files.readAllLines(out.resolve("nuclei_results.csv"));
        assertEquals(Integer.parseInt(count.group(1)) + 1, results.size());

        Run second = cli(args);
        assertEquals(1, second.exitCode, second.toString());
        assertTrue(second.err.contains("--overwrite"), second.err);
        String[] overwrite = java.util.Arrays.copyOf(args, args.length + 1);
        overwrite[args.length] = "--overwrite";
        assertEquals(0, cli(overwrite).exitCode);
    }

    @Test
    void batchWritesASummaryAndRefusesASecondRunWithoutOverwrite(@TempDir Path dir) throws Exception {
        Path input = dir.resolve("in");
        TestImages.copy(TestImages.NUCLEI, input.resolve("a.tif"));
        Files.writeString(input.resolve("readme.txt"), "text");
        Path out = dir.resolve("out");
        String[] args = {"batch", "--model", unet, "--input", input.toString(), "--output", out.toString(), "--threads", "1"};
        Run first = cli(args);
        assertEquals(0, first.exitCode, first.toString());
        assertTrue(first.out.contains("2 files: 1 segmented, 1 skipped, 0 failed"), first.out);
        assertTrue(first.err.contains("SKIPPED readme.txt: not an image"), first.err);
        assertEquals(3, Files.readAllLines(out.resolve(BatchSegmentation.SUMMARY_FILE)).size());

        Run second = cli(args);
        assertEquals(1, second.exitCode, second.toString());
        assertTrue(second.err.contains("--overwrite"), second.err);
        String[] overwrite = java.util.Arrays.copyOf(args, args.length + 1);
        overwrite[args.length] = "--overwrite";
        assertEquals(0, cli(overwrite).exitCode);
    }

    /** 16×16 8-bit cell with a bright bar on one side (as ImageClassifierTest's). */
    private static byte[] barCell(String side) {
        byte[] pixels = new byte[16 * 16];
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                boolean bright = side.equals("left") ? x < 5 : side.equals("right") ? x >= 11 : side.equals("top") ? y < 5 : y >= 11;
                pixels[y * 16 + x] = (byte) (bright ? 200 : 10);
            }
        }
        return pixels;
    }

    @Test
    void classifyNamesImagesAndRoiObjectsAndWritesCsv(@TempDir Path dir) throws Exception {
        Path images = Files.createDirectories(dir.resolve("images"));
        new FileSaver(new ImagePlus("l", new ByteProcessor(16, 16, barCell("left")))).saveAsTiff(images.resolve("a.tif").toString());
        new FileSaver(new ImagePlus("b", new ByteProcessor(16, 16, barCell("bottom")))).saveAsPng(images.resolve("b.png").toString());
        Path csv = dir.resolve("classes.csv");
        Run folder = cli("classify", "--model", sideClassifier, "--input", images.toString(), "--csv", csv.toString());
        assertEquals(0, folder.exitCode, folder.toString());
        assertTrue(folder.out.contains("a.tif\tleft\t"), folder.out);
        assertTrue(folder.out.contains("b.png\tbottom\t"), folder.out);
        List<String> lines = Files.readAllLines(csv);
        assertEquals("item,class,probability,p_left,p_right,p_top,p_bottom", lines.get(0));
        assertEquals(3, lines.size());
        assertEquals(1, cli("classify", "--model", sideClassifier, "--input", images.toString(), "--csv", csv.toString()).exitCode);
        Path rgbOnly = Files.createDirectories(dir.resolve("rgb"));
        new FileSaver(new ImagePlus("rgb", new ByteProcessor(16, 16, barCell("left")).convertToRGB())).saveAsTiff(rgbOnly.resolve("c.tif").toString());
        Run unsuitable = cli("classify", "--model", sideClassifier, "--input", rgbOnly.toString());
        assertEquals(1, unsuitable.exitCode, unsuitable.toString());
        assertTrue(unsuitable.err.contains("Skipped c.tif: The model \"side-classifier\" classifies images with 1 channel(s)"), unsuitable.err);

        // Two objects side by side in one image, as a ROI set.
        byte[] wide = new byte[32 * 16];
        byte[] right = barCell("right");
        byte[] top = barCell("top");
        for (int y = 0; y < 16; y++) {
            System.arraycopy(right, y * 16, wide, y * 32, 16);
            System.arraycopy(top, y * 16, wide, y * 32 + 16, 16);
        }
        Path image = dir.resolve("two.tif");
        new FileSaver(new ImagePlus("two", new ByteProcessor(32, 16, wide))).saveAsTiff(image.toString());
        Roi first = new Roi(0, 0, 16, 16);
        first.setName("first");
        Roi second = new Roi(16, 0, 16, 16);
        second.setName("second");
        Path zip = dir.resolve("rois.zip");
        Rois.saveZip(List.of(first, second), zip, false);
        Run objects = cli("classify", "--model", sideClassifier, "--input", image.toString(), "--rois", zip.toString(), "--margin", "0");
        assertEquals(0, objects.exitCode, objects.toString());
        assertTrue(objects.out.contains("first\tright\t"), objects.out);
        assertTrue(objects.out.contains("second\ttop\t"), objects.out);
    }

    private static void writeIdx(Path images, Path labels, List<String> sides) throws IOException {
        try (OutputStream file = Files.newOutputStream(images); DataOutputStream out = new DataOutputStream(file)) {
            out.writeInt(2051);
            out.writeInt(sides.size());
            out.writeInt(16);
            out.writeInt(16);
            for (String side : sides) out.write(barCell(side));
        }
        try (OutputStream file = Files.newOutputStream(labels); DataOutputStream out = new DataOutputStream(file)) {
            out.writeInt(2049);
            out.writeInt(sides.size());
            for (String side : sides) out.writeByte(TestClassifiers.CLASSES.indexOf(side));
        }
    }

    @Test
    void classifyReportsAccuracyOnAnIdxSet(@TempDir Path dir) throws Exception {
        Path images = dir.resolve("images.idx");
        Path labels = dir.resolve("labels.idx");
        writeIdx(images, labels, List.of("left", "right", "top", "bottom", "left"));
        Run all = cli("classify", "--model", sideClassifier, "--idx-images", images.toString(), "--idx-labels", labels.toString(), "--batch-size", "2");
        assertEquals(0, all.exitCode, all.toString());
        assertTrue(all.out.contains("accuracy 1.0000 (5 of 5 correct)"), all.out);
        Run three = cli("classify", "--model", sideClassifier, "--idx-images", images.toString(), "--idx-labels", labels.toString(), "--limit", "3");
        assertTrue(three.out.contains("(3 of 3 correct)"), three.out);
    }

    @Test
    void classifyRefusesASegmentationModel(@TempDir Path dir) throws Exception {
        Path image = TestImages.copy(TestImages.NUCLEI, dir.resolve("n.tif"));
        Run run = cli("classify", "--model", unet, "--input", image.toString());
        assertEquals(1, run.exitCode, run.toString());
        assertTrue(run.err.contains("Pick a classification model"), run.err);
    }
}
