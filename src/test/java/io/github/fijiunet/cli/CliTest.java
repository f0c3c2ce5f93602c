package io.github.fijiunet.cli;

import ij.ImagePlus;
import ij.gui.Roi;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import io.github.fijiunet.AtomicFiles;
import io.github.fijiunet.TestClassifiers;
import io.github.fijiunet.TestImages;
import io.github.fijiunet.TestModels;
import io.github.fijiunet.TestTiffs;
import io.github.fijiunet.post.InstanceOption;
import io.github.fijiunet.workflow.BatchSegmentation;
import io.github.fijiunet.workflow.Rois;
import io.github.fijiunet.workflow.SegmentationOutput;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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

    private static CliRun cli(String... args) {
        return CliRun.of(args);
    }

    @Test
    void helpOnEverySubcommandShowsEnumFlagsAndDefaults() {
        CliRun root = cli("--help");
        assertEquals(0, root.exitCode, root.toString());
        for (String name : List.of("segment", "batch", "classify", "evaluate")) assertTrue(root.out.contains(name), root.out);
        for (String name : List.of("segment", "batch")) {
            CliRun help = cli(name, "--help");
            assertEquals(0, help.exitCode, help.toString());
            String text = help.out.replaceAll("\\s+", " ");
            for (InstanceOption option : InstanceOption.values()) assertTrue(help.out.contains(option.flag()), option.flag());
            assertTrue(text.contains("--min-size=<min_size> Minimum object size (pixels): Objects with fewer pixels are dropped."
                    + " At least 0. Default: the model's own where its descriptor sets one, else " + InstanceOption.MIN_SIZE.defaultText() + "."), text);
            assertTrue(text.contains("--percentile-low=<percentile_low> Low percentile: Percentile of the input that becomes 0."
                    + " From 0 to 100. Default: 1.0."), text);
            assertTrue(text.contains("--device=cpu|gpu Device: "), text);
            assertTrue(text.contains("--precision=float32|bfloat16 Faster arithmetic"), text);
            assertTrue(text.contains("Default: nuclei-unet."), text);
        }
        CliRun classify = cli("classify", "--help");
        assertEquals(0, classify.exitCode);
        assertTrue(classify.out.replaceAll("\\s+", " ").contains("Default: fashion-cnn."), classify.out);
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
        CliRun tooMany = cli("segment", "--model", unet, "--input", missing, "--output", dir.toString(), "--threads", "100000");
        assertEquals(2, tooMany.exitCode, tooMany.toString());
        assertTrue(tooMany.err.contains("Error: threads 100000 is more than this machine's " + cores + " cores; give 0 (all cores) or 1"),
                tooMany.err);
        CliRun allCores = cli("segment", "--model", unet, "--input", missing, "--output", dir.toString(), "--threads", String.valueOf(cores));
        assertEquals(1, allCores.exitCode, allCores.toString());
        assertTrue(allCores.err.contains("does not exist"), allCores.err);
        assertEquals(2, cli("batch", "--model", unet, "--input", dir.toString(), "--output", dir.resolve("out").toString(),
                "--threads", String.valueOf(cores + 1)).exitCode);
    }

    @Test
    void booleanFlagsAcceptTheMacroSpellingsAndABadOneNamesItsKey(@TempDir Path dir) {
        // As above: a value that got past the options stops at the missing input, with exit 1.
        String missing = dir.resolve("x.tif").toString();
        CliRun on = cli("segment", "--model", unet, "--input", missing, "--output", dir.toString(), "--fill-holes", "on", "--exclude-border", "YES");
        assertEquals(1, on.exitCode, on.toString());
        assertTrue(on.err.contains("does not exist"), on.err);
        CliRun bad = cli("segment", "--model", unet, "--input", missing, "--output", dir.toString(), "--fill-holes", "maybe");
        assertEquals(2, bad.exitCode, bad.toString());
        assertTrue(bad.err.contains("--fill-holes") && bad.err.contains("Option fill_holes must be true or false (also on/off, yes/no, 1/0), got 'maybe'"),
                bad.err);
    }

    /** A --csv that cannot be written or exists is refused like --output, before the model loads (no-such-model is never reached). */
    @Test
    void csvFilesAreCheckedLikeOutputFoldersBeforeTheModelLoads(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("a file"), "x");
        CliRun underFile = cli("classify", "--model", "no-such-model", "--input", dir.toString(), "--csv", file.resolve("out.csv").toString());
        assertEquals(1, underFile.exitCode, underFile.toString());
        assertTrue(underFile.err.contains("Error: The folder of --csv " + file + " is a file, not a folder."),
                underFile.err);
        Path csv = Files.writeString(dir.resolve("scores.csv"), "keep me");
        CliRun existing = cli("evaluate", "--model", "no-such-model", "--images", dir.toString(), "--truth", dir.toString(), "--csv", csv.toString());
        assertEquals(1, existing.exitCode, existing.toString());
        assertTrue(existing.err.contains("Error: The folder of --csv " + dir + " already holds results of an earlier run (" + csv
                + "). Choose another --csv file, or pass --overwrite."), existing.err);
        assertEquals("keep me", Files.readString(csv));
    }

    /** classify --tta true averages over the model's mirror image; a model without symmetries refuses it with the fix. */
    @Test
    void classifyWithTestTimeAugmentation(@TempDir Path dir) throws IOException {
        Path images = Files.createDirectories(dir.resolve("images"));
        ij.ImagePlus stack = ij.IJ.openImage(Path.of("test-images", "fashion-mnist", "t10k-first200.tif").toString());
        for (int p = 1; p <= 5; p++) {
            ij.IJ.saveAsTiff(new ij.ImagePlus("item" + p, stack.getStack().getProcessor(p)), images.resolve("item" + p + ".tif").toString());
        }
        CliRun plain = cli("classify", "--model", "fashion-cnn", "--input", images.toString(), "--csv", dir.resolve("plain.csv").toString());
        CliRun averaged = cli("classify", "--model", "fashion-cnn", "--input", images.toString(), "--csv", dir.resolve("tta.csv").toString(),
                "--tta", "true");
        assertEquals(0, plain.exitCode, plain.toString());
        assertEquals(0, averaged.exitCode, averaged.toString());
        List<String> a = Files.readAllLines(dir.resolve("plain.csv"));
        List<String> b = Files.readAllLines(dir.resolve("tta.csv"));
        assertEquals(6, a.size());
        assertEquals(a.size(), b.size());
        assertTrue(!a.subList(1, 6).equals(b.subList(1, 6)), "the probabilities are averaged with the mirror image's\n" + a + "\n" + b);
        Path bare = io.github.fijiunet.TestModels.copyOfShipped("fashion-cnn", dir);
        io.github.fijiunet.model.ModelDescriptor.read(bare).symmetries(List.of()).replace(bare);
        CliRun refused = cli("classify", "--model", bare.toString(), "--input", images.toString(), "--tta", "true");
        assertEquals(1, refused.exitCode, refused.toString());
        assertTrue(refused.err.contains("records no flips or rotations it was trained to ignore") && !refused.err.contains("\tat "), refused.err);
    }

    @Test
    void tileSizeBelowTheMinimumIsABadCommandLine(@TempDir Path dir) {
        // As above: a tile size that got past the options would stop at the missing input, with exit 1.
        CliRun tiny = cli("segment", "--model", unet, "--input", dir.resolve("x.tif").toString(), "--output", dir.toString(), "--tile-size", "1");
        assertEquals(2, tiny.exitCode, tiny.toString());
        assertTrue(tiny.err.contains("Error: Tile size 1 is too small: give 0 (automatic) or at least 64 pixels"), tiny.err);
    }

    @Test
    void userErrorsExitWithOneAndAMessageWithoutStackTrace(@TempDir Path dir) {
        CliRun missingModel = cli("segment", "--model", "no-such-model", "--input", "x.tif", "--output", dir.toString());
        assertEquals(1, missingModel.exitCode, missingModel.toString());
        CliRun missingImage = cli("segment", "--model", unet, "--input", dir.resolve("x.tif").toString(), "--output", dir.toString());
        assertEquals(1, missingImage.exitCode);
        assertTrue(missingImage.err.contains("does not exist"), missingImage.err);
        assertTrue(!missingImage.err.contains("\tat "), missingImage.err);
    }

    @Test
    void unexpectedFailuresGiveOneLineAndTheirTraceInAFile() throws Exception {
        java.io.StringWriter console = new java.io.StringWriter();
        int code = FijiUnetCli.unexpected(new IllegalStateException("boom"), new java.io.PrintWriter(console));
        assertEquals(FijiUnetCli.EXIT_USER_ERROR, code);
        String line = console.toString().trim();
        assertTrue(line.startsWith("Error: unexpected failure (java.lang.IllegalStateException: boom); the details are in ")
                && !line.contains("\tat ") && !line.contains("\n"), line);
        Path log = Path.of(line.substring(line.indexOf(" are in ") + 8, line.indexOf("; please report")));
        try {
            String trace = Files.readString(log);
            assertTrue(trace.contains("IllegalStateException: boom") && trace.contains("\tat "), trace);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** A value wrong in itself is a bad command line (exit 2) in every subcommand, reported in one line before any work. */
    @Test
    void badOptionValuesExitWithTwoInEverySubcommand(@TempDir Path dir) throws Exception {
        Path image = TestImages.copy(TestImages.NUCLEI, dir.resolve("in").resolve("nuclei.tif"));
        String in = image.getParent().toString();
        String out = dir.resolve("out").toString();
        String images = Path.of("test-images/nuclei/images").toString();
        String masks = Path.of("test-images/nuclei/masks").toString();
        List<List<String>> commands = List.of(
                List.of("segment", "--model", unet, "--input", image.toString(), "--output", out, "--threshold", "2"),
                List.of("segment", "--model", unet, "--input", image.toString(), "--output", out, "--min-size", "-5"),
                List.of("segment", "--model", unet, "--input", image.toString(), "--output", out, "--percentile-low", "120"),
                List.of("segment", "--model", unet, "--input", image.toString(), "--output", out, "--method", "magic"),
                List.of("segment", "--model", unet, "--input", image.toString(), "--output", out, "--precision", "half"),
                List.of("segment", "--model", unet, "--input", image.toString(), "--output", out, "--tile-size", "-3"),
                List.of("batch", "--model", unet, "--input", in, "--output", out, "--connectivity", "5"),
                List.of("batch", "--model", unet, "--input", in, "--output", out, "--device", "tpu"),
                List.of("classify", "--model", sideClassifier, "--input", in, "--margin", "-1"),
                List.of("classify", "--model", sideClassifier, "--input", in, "--batch-size", "0"),
                List.of("evaluate", "--baseline", "--images", images, "--truth", masks, "--sigma", "-1"),
                List.of("evaluate", "--baseline", "--images", images, "--truth", masks, "--objects", "purple"),
                List.of("evaluate", "--truth", masks),
                List.of("train", "--arch", "resnet", "--out", dir.resolve("m").toString()),
                List.of("train", "--arch", "unet", "--images", images, "--masks", masks, "--out", dir.resolve("m").toString(), "--lr", "5"),
                List.of("train", "--arch", "unet", "--images", images, "--masks", masks, "--out", dir.resolve("m").toString(), "--percentiles", "5"),
                List.of("train", "--arch", "unet", "--images", images, "--masks", masks, "--out", dir.resolve("m").toString(), "--export-head", "2"),
                List.of("reexport", unet, "--tolerance", "-1"));
        for (List<String> command : commands) {
            CliRun run = cli(command.toArray(new String[0]));
            assertEquals(FijiUnetCli.EXIT_BAD_COMMAND_LINE, run.exitCode, command + "\n" + run);
            assertTrue(run.err.contains("Error: ") && !run.err.contains("\tat "), run.err);
        }
        assertFalse(Files.exists(dir.resolve("out")), "nothing written");
        assertFalse(Files.exists(dir.resolve("m")), "nothing trained");
    }

    @Test
    void segmentWritesOutputsPrintsTheCountAndNeverOverwritesUnlessAsked(@TempDir Path dir) throws Exception {
        Path image = TestImages.copy(TestImages.NUCLEI, dir.resolve("nuclei.tif"));
        Path out = dir.resolve("out");
        String[] args = {"segment", "--model", unet, "--input", image.toString(), "--output", out.toString(),
                "--device", "gpu", "--precision", "bfloat16", "--tile-size", "96", "--threshold", "otsu", "--min-size", "5"};
        CliRun first = cli(args);
        assertEquals(0, first.exitCode, first.toString());
        Matcher count = Pattern.compile("(\\d+) objects in nuclei.tif \\(1 plane\\(s\\)\\)").matcher(first.out);
        assertTrue(count.find(), first.out);
        assertTrue(first.err.contains("running on cpu, float32."), first.err);
        assertTrue(first.err.contains("GPU requested but"), first.err);
        assertTrue(first.err.contains("bfloat16 requested, but") && first.err.contains("has no bfloat16 graph"), first.err);
        for (Path f : SegmentationOutput.filesFor(out, "nuclei")) assertTrue(Files.isRegularFile(f), f.toString());
        List<String> results = Files.readAllLines(out.resolve("nuclei_results.csv"));
        assertEquals(Integer.parseInt(count.group(1)) + 1, results.size());

        CliRun second = cli(args);
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
        CliRun first = cli(args);
        assertEquals(0, first.exitCode, first.toString());
        assertTrue(first.out.contains("2 files: 1 segmented, 1 skipped, 0 failed"), first.out);
        assertTrue(first.err.contains("SKIPPED readme.txt: not an image"), first.err);
        assertEquals(3, Files.readAllLines(out.resolve(BatchSegmentation.SUMMARY_FILE)).size());

        CliRun second = cli(args);
        assertEquals(1, second.exitCode, second.toString());
        assertTrue(second.err.contains("--overwrite"), second.err);
        String[] overwrite = java.util.Arrays.copyOf(args, args.length + 1);
        overwrite[args.length] = "--overwrite";
        assertEquals(0, cli(overwrite).exitCode);
    }

    /** ModelLoading's line: printed once the model is loaded. */
    private static boolean modelLoaded(CliRun run) {
        return run.err.contains(" running on ");
    }

    @Test
    void batchIntoAFileFailsBeforeLoadingTheModel(@TempDir Path dir) throws Exception {
        Path input = dir.resolve("in");
        TestImages.copy(TestImages.NUCLEI, input.resolve("a.tif"));
        TestImages.copy(TestImages.NUCLEI, input.resolve("b.tif"));
        Path file = Files.writeString(dir.resolve("afile"), "x");
        CliRun run = cli("batch", "--model", unet, "--input", input.toString(), "--output", file.toString());
        assertEquals(1, run.exitCode, run.toString());
        assertTrue(run.err.contains("Error: --output " + file + " is a file, not a folder. Give a folder for the results (it is created if missing)."),
                run.err);
        assertFalse(modelLoaded(run) || run.err.contains("[1/2]"), "nothing loaded or segmented:\n" + run);
    }

    @Test
    void segmentIntoAFolderThatCannotBeWrittenFailsBeforeLoadingTheModel(@TempDir Path dir) throws Exception {
        Path image = TestImages.copy(TestImages.NUCLEI, dir.resolve("nuclei.tif"));
        Path blocker = Files.writeString(dir.resolve("not-a-folder"), "x");
        CliRun through = cli("segment", "--model", unet, "--input", image.toString(), "--output", blocker.resolve("out").toString());
        assertEquals(1, through.exitCode, through.toString());
        assertTrue(through.err.contains("--output " + blocker.resolve("out") + " cannot be created: " + blocker + " is a file"), through.err);
        assertFalse(modelLoaded(through), through.toString());

        // A read-only file system: root may write anywhere the permission bits forbid, but not there.
        Path readOnly = Files.createDirectories(dir.resolve("read-only"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", readOnly.toString())
                .redirectErrorStream(true).start();
        String mountOutput = new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Assumptions.assumeTrue(mount.waitFor() == 0, "cannot mount a read-only tmpfs (needs root): " + mountOutput);
        try {
            CliRun run = cli("segment", "--model", unet, "--input", image.toString(), "--output", readOnly.toString());
            assertEquals(1, run.exitCode, run.toString());
            assertTrue(run.err.contains("--output " + readOnly + " is not writable (Read-only file system). Choose a folder you can write to."),
                    run.err);
            assertFalse(modelLoaded(run), run.toString());
        } finally {
            new ProcessBuilder("umount", readOnly.toString()).inheritIO().start().waitFor();
        }
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
        CliRun folder = cli("classify", "--model", sideClassifier, "--input", images.toString(), "--csv", csv.toString());
        assertEquals(0, folder.exitCode, folder.toString());
        assertTrue(folder.out.contains("a.tif\tleft\t"), folder.out);
        assertTrue(folder.out.contains("b.png\tbottom\t"), folder.out);
        List<String> lines = Files.readAllLines(csv);
        assertEquals("item,class,probability,p(left),p(right),p(top),p(bottom)", lines.get(0));
        assertEquals(3, lines.size());
        assertEquals(1, cli("classify", "--model", sideClassifier, "--input", images.toString(), "--csv", csv.toString()).exitCode);
        Path rgbOnly = Files.createDirectories(dir.resolve("rgb"));
        new FileSaver(new ImagePlus("rgb", new ByteProcessor(16, 16, barCell("left")).convertToRGB())).saveAsTiff(rgbOnly.resolve("c.tif").toString());
        CliRun unsuitable = cli("classify", "--model", sideClassifier, "--input", rgbOnly.toString());
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
        AtomicFiles.write(zip, false, Rois.zip(List.of(first, second)));
        CliRun objects = cli("classify", "--model", sideClassifier, "--input", image.toString(), "--rois", zip.toString(), "--margin", "0");
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
        CliRun all = cli("classify", "--model", sideClassifier, "--idx-images", images.toString(), "--idx-labels", labels.toString(), "--batch-size", "2");
        assertEquals(0, all.exitCode, all.toString());
        assertTrue(all.out.contains("accuracy 1.0000 (5 of 5 correct)"), all.out);
        assertTrue(all.out.contains(String.format("  %-14s 1.0000 (2 samples)%n", "left")), all.out);
        CliRun three = cli("classify", "--model", sideClassifier, "--idx-images", images.toString(), "--idx-labels", labels.toString(), "--limit", "3");
        assertTrue(three.out.contains("(3 of 3 correct)"), three.out);
    }

    @Test
    void classifyRefusesASegmentationModel(@TempDir Path dir) throws Exception {
        Path image = TestImages.copy(TestImages.NUCLEI, dir.resolve("n.tif"));
        CliRun run = cli("classify", "--model", unet, "--input", image.toString());
        assertEquals(1, run.exitCode, run.toString());
        assertTrue(run.err.contains("Pick a classification model"), run.err);
    }

    /** Each refused with a clear message before the model is loaded; before, the first three were segmented as zeros. */
    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void segmentRefusesDamagedAndOversizedTiffsBeforeAnyCompute(@TempDir Path dir) throws Exception {
        Map<Path, String> refusals = new LinkedHashMap<>();
        refusals.put(TestTiffs.truncatedCopy(TestImages.NUCLEI, dir.resolve("cut.tif")), "is damaged or truncated");
        refusals.put(TestTiffs.truncatedCopy(TestImages.NUCLEI, dir.resolve("tiny.tif"), 100), "is damaged or truncated");
        refusals.put(TestTiffs.write(dir.resolve("claims.tif"), 30000, 30000, 8, TestTiffs.UNSIGNED, 1, new byte[0], 1024),
                "is damaged or truncated");
        refusals.put(TestTiffs.write(dir.resolve("huge.tif"), 46341, 46341, 8, TestTiffs.UNSIGNED, 1, new byte[0], 1024),
                "46341×46341 = 2147488281 pixels");
        for (Map.Entry<Path, String> refusal : refusals.entrySet()) {
            CliRun run = cli("segment", "--model", unet, "--input", refusal.getKey().toString(), "--output", dir.resolve("out").toString());
            assertEquals(1, run.exitCode, run.toString());
            assertTrue(run.err.contains(refusal.getValue()) && !run.err.contains("\tat ") && !run.err.contains("model"), run.toString());
            assertEquals("", run.out, run.toString());
        }
    }

    /** ImageJ's "Unsupported format…" and ImageIO errors once went to stdout between the tab-separated results. */
    @Test
    void classifyPrintsOnlyResultLinesWhenSomeInputsAreBad(@TempDir Path dir) throws Exception {
        Path images = Files.createDirectories(dir.resolve("images"));
        new FileSaver(new ImagePlus("l", new ByteProcessor(16, 16, barCell("left")))).saveAsTiff(images.resolve("a.tif").toString());
        TestTiffs.truncatedCopy(Path.of("test-images", "em", "images", "27.png"), images.resolve("cut.png"));
        byte[] noise = new byte[300];
        for (int i = 0; i < noise.length; i++) noise[i] = (byte) (i * 7 + 1);
        Files.write(images.resolve("noise.tif"), noise);
        CliRun run = cli("classify", "--model", sideClassifier, "--input", images.toString());
        assertEquals(0, run.exitCode, run.toString());
        assertEquals(List.of("a.tif\tleft"), run.out.lines().map(l -> l.replaceAll("\t[0-9.]+$", "")).collect(Collectors.toList()),
                run.toString());
        assertTrue(run.err.contains("Skipped cut.png: ") && run.err.contains("damaged or truncated"), run.err);
        assertTrue(run.err.contains("Skipped noise.tif: ") && run.err.contains("Unsupported format"), run.err);
    }

    /**
     * A file this process may not read is "permission denied", not "damaged". Root reads any file, so
     * there the command runs in a child JVM without the capabilities that let root bypass permissions.
     */
    @Test
    void unreadableInputSaysPermissionDenied(@TempDir Path dir) throws Exception {
        Path truth = Files.createDirectories(dir.resolve("truth"));
        Path pred = Files.createDirectories(dir.resolve("pred"));
        for (Path folder : List.of(truth, pred)) {
            new FileSaver(new ImagePlus("l", new ByteProcessor(16, 16, barCell("left")))).saveAsTiff(folder.resolve("a.tif").toString());
        }
        Path locked = truth.resolve("a.tif");
        Files.setPosixFilePermissions(locked, java.util.Set.of());
        String[] args = {"evaluate", "--pred", pred.toString(), "--truth", truth.toString()};
        CliRun run;
        if (!Files.isReadable(locked)) {
            run = cli(args);
        } else {
            Path setpriv = Path.of("/usr/bin/setpriv");
            assumeTrue(Files.isExecutable(setpriv), "running as root without setpriv: cannot make a file unreadable");
            List<String> command = new ArrayList<>(List.of(setpriv.toString(), "--bounding-set", "-dac_override,-dac_read_search",
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Djava.awt.headless=true",
                    "-cp", System.getProperty("java.class.path"), FijiUnetCli.class.getName()));
            command.addAll(List.of(args));
            Process p = new ProcessBuilder(command).redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile())
                    .start();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM did not finish");
            run = new CliRun(p.exitValue(), Files.readString(dir.resolve("out.txt")), Files.readString(dir.resolve("err.txt")));
        }
        assertEquals(1, run.exitCode, run.toString());
        assertTrue(run.err.contains("Cannot read " + locked + " (permission denied)"), run.toString());
    }
}
