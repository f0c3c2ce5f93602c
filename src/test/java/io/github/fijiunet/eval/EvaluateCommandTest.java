package io.github.fijiunet.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ij.process.ShortProcessor;
import io.github.fijiunet.io.LabelFiles;
import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.Progress;
import io.github.fijiunet.TestTiffs;
import io.github.fijiunet.cli.FijiUnetCli;
import io.github.fijiunet.post.Shapes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class EvaluateCommandTest {

    @TempDir
    Path dir;

    private static void saveShortLabels(Path file, int w, int h, int[] labels) {
        short[] s = new short[labels.length];
        for (int i = 0; i < s.length; i++) s[i] = (short) labels[i];
        assertTrue(new FileSaver(new ImagePlus("l", new ShortProcessor(w, h, s, null))).saveAsTiff(file.toString()));
    }

    private Path folders() throws Exception {
        Path truth = Files.createDirectories(dir.resolve("truth"));
        Path pred = Files.createDirectories(dir.resolve("pred"));
        int[] t = new int[30 * 20];
        Shapes.rect(t, 30, 2, 2, 6, 6, 1);
        Shapes.rect(t, 30, 12, 2, 6, 6, 2);
        saveShortLabels(truth.resolve("a.tif"), 30, 20, t);
        saveShortLabels(pred.resolve("a.tif"), 30, 20, t);        // perfect
        int[] p = new int[30 * 20];
        Shapes.rect(p, 30, 2, 2, 6, 6, 3);                           // one object found, one missed
        saveShortLabels(truth.resolve("b.tif"), 30, 20, t);
        saveShortLabels(pred.resolve("b.tif"), 30, 20, p);
        return dir;
    }

    @Test
    void evaluatesFoldersAndPoolsCounts() throws Exception {
        folders();
        EvaluationReport report = FolderEvaluation.evaluate(dir.resolve("pred"), dir.resolve("truth"), io.github.fijiunet.Progress.NONE);
        assertEquals(2, report.images().size());
        assertEquals(1.0, report.images().get(0).at(0.5).averagePrecision());
        MatchResult pooled = report.summary().at(0.5);
        assertEquals(3, pooled.truePositives());
        assertEquals(0, pooled.falsePositives());
        assertEquals(1, pooled.falseNegatives());
        assertEquals(0.75, pooled.averagePrecision(), 1e-12);
        assertEquals(108.0 / 144, report.summary().foreground().iou(), 1e-12);
    }

    /** A file name may hold a comma, a quote or a line break; each stays inside its one cell. */
    @Test
    void csvQuotesImageNamesThatWouldBreakTheRow() throws Exception {
        folders();
        ImageEvaluation a = FolderEvaluation.evaluate(dir.resolve("pred"), dir.resolve("truth"), io.github.fijiunet.Progress.NONE).images().get(0);
        List<String> lines = new EvaluationReport(List.of(named(a, "day 1\nb.tif"), named(a, "a, \"b\".tif"))).csvLines();
        assertTrue(lines.get(1).startsWith("\"day 1\nb.tif\",2,2,"), lines.get(1));
        assertTrue(lines.get(2).startsWith("\"a, \"\"b\"\".tif\",2,2,"), lines.get(2));
    }

    private static ImageEvaluation named(ImageEvaluation e, String name) {
        return new ImageEvaluation(name, e.truthObjects(), e.predictedObjects(), e.foreground(), e.matches());
    }

    @Test
    void cliWritesCsvAndNeverOverwritesUnlessAsked() throws Exception {
        folders();
        Path csv = dir.resolve("out.csv");
        String[] args = {"evaluate", "--pred", dir.resolve("pred").toString(), "--truth", dir.resolve("truth").toString(), "--csv", csv.toString()};
        assertEquals(0, runQuietly(args));
        List<String> lines = Files.readAllLines(csv);
        assertEquals(4, lines.size());
        assertTrue(lines.get(0).startsWith("image,truth_objects,pred_objects,pixel_iou"));
        assertTrue(lines.get(3).startsWith(EvaluationReport.SUMMARY_NAME + ",4,3,"));
        Files.writeString(csv, "keep me");
        assertEquals(FijiUnetCli.EXIT_USER_ERROR, runQuietly(args));
        assertEquals("keep me", Files.readString(csv));
        String[] overwrite = java.util.Arrays.copyOf(args, args.length + 1);
        overwrite[args.length] = "--overwrite";
        assertEquals(0, runQuietly(overwrite));
        assertEquals(4, Files.readAllLines(csv).size());
    }

    /** What segment and batch write (a_labels.tif for a.tif) is the prediction of a.tif; a missing one says what was looked for. */
    @Test
    void labelImagesNamedAsSegmentationWritesThemArePredictions() throws Exception {
        folders();
        Path pred = dir.resolve("pred");
        Files.move(pred.resolve("a.tif"), pred.resolve(io.github.fijiunet.io.LabelFiles.fileName("a")));
        EvaluationReport report = FolderEvaluation.evaluate(pred, dir.resolve("truth"), io.github.fijiunet.Progress.NONE);
        assertEquals(1.0, report.images().get(0).at(0.5).averagePrecision());
        Files.delete(pred.resolve("b.tif"));
        String message = assertThrows(InvalidInputException.class,
                () -> FolderEvaluation.evaluate(pred, dir.resolve("truth"), io.github.fijiunet.Progress.NONE)).getMessage();
        assertTrue(message.contains("first: b.tif; looked for b.tif and b_labels.tif"), message);
    }

    @Test
    void missingPredictionIsAUserError() throws Exception {
        folders();
        Files.delete(dir.resolve("pred").resolve("b.tif"));
        assertEquals(FijiUnetCli.EXIT_USER_ERROR,
                runQuietly("evaluate", "--pred", dir.resolve("pred").toString(), "--truth", dir.resolve("truth").toString()));
    }

    @Test
    void baselineRunsOnRawImages() throws Exception {
        Path images = Files.createDirectories(dir.resolve("images"));
        Path truth = Files.createDirectories(dir.resolve("truth"));
        float[] grey = ClassicalBaselineTest.noisyDisks(60, 45, true, 3);
        byte[] bytes = new byte[grey.length];
        for (int i = 0; i < grey.length; i++) bytes[i] = (byte) Math.max(0, Math.min(255, Math.round(grey[i])));
        new FileSaver(new ImagePlus("raw", new ByteProcessor(60, 45, bytes))).saveAsTiff(images.resolve("n.tif").toString());
        int[] t = new int[60 * 45];
        Shapes.disk(t, 60, 15, 15, 8, 1);
        Shapes.disk(t, 60, 28, 15, 8, 2);
        Shapes.disk(t, 60, 45, 30, 6, 3);
        float[] tf = new float[t.length];
        for (int i = 0; i < t.length; i++) tf[i] = t[i];
        new FileSaver(new ImagePlus("t", new FloatProcessor(60, 45, tf))).saveAsTiff(truth.resolve("n.tif").toString());
        EvaluationReport report = FolderEvaluation.evaluateBaseline(images, truth, BaselineOptions.defaults(), io.github.fijiunet.Progress.NONE);
        assertEquals(3, report.summary().at(0.5).truePositives());
        assertEquals(0, runQuietly("evaluate", "--baseline", "--images", images.toString(), "--truth", truth.toString(), "--sigma", "1.5"));
        assertEquals(2, runQuietly("evaluate", "--baseline", "--truth", truth.toString(), "--bogus"));
    }

    /** ImageJ reads signed 16-bit as unsigned + 32768: read raw, background 0 became an object. */
    @Test
    void signed16BitLabelsCountWithTheirTrueValues() throws Exception {
        folders();
        Path truthA = dir.resolve("truth").resolve("a.tif");
        int[] t = new int[30 * 20];
        Shapes.rect(t, 30, 2, 2, 6, 6, 1);
        Shapes.rect(t, 30, 12, 2, 6, 6, 2);
        TestTiffs.write(truthA, 30, 20, 16, TestTiffs.SIGNED, TestTiffs.shorts(t));
        ImageEvaluation a = FolderEvaluation.evaluate(dir.resolve("pred"), dir.resolve("truth"), Progress.NONE).images().get(0);
        assertEquals(2, a.truthObjects());
        assertEquals(1.0, a.at(0.5).averagePrecision());
        assertEquals(1.0, a.foreground().iou());

        t[0] = -3;
        TestTiffs.write(truthA, 30, 20, 16, TestTiffs.SIGNED, TestTiffs.shorts(t));
        String message = assertThrows(InvalidInputException.class, () -> LabelFiles.read(truthA)).getMessage();
        assertTrue(message.contains("holds the value -3, not a label"), message);
    }

    /**
     * float32 holds whole numbers exactly only below 2^24: 2^24 + 1 reads as 2^24 (IDs merge), and
     * IDs of 2e9 and 3e9 once ran out of memory or overflowed. All are refused at once.
     */
    @Test
    @Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void floatLabelsBeyondExactIntegersAreRefused() throws Exception {
        Path truth = Files.createDirectories(dir.resolve("truth"));
        Path pred = Files.createDirectories(dir.resolve("pred"));
        for (float id : new float[] {16_777_217f, 2e9f, 3e9f}) {
            float[] labels = new float[30 * 20];
            for (int i = 0; i < 40; i++) labels[i] = id;
            for (Path folder : List.of(truth, pred)) {
                assertTrue(new FileSaver(new ImagePlus("l", new FloatProcessor(30, 20, labels))).saveAsTiff(folder.resolve("f.tif").toString()));
            }
            String message = assertThrows(InvalidInputException.class, () -> FolderEvaluation.evaluate(pred, truth, Progress.NONE)).getMessage();
            assertTrue(message.contains("label " + (long) id) && message.contains("Save the labels as 16-bit"), message);
        }
    }

    @Test
    void emptyTruthAndEmptyPredictionScoreAsPerfect() throws Exception {
        Path truth = Files.createDirectories(dir.resolve("truth"));
        Path pred = Files.createDirectories(dir.resolve("pred"));
        saveShortLabels(truth.resolve("e.tif"), 30, 20, new int[30 * 20]);
        saveShortLabels(pred.resolve("e.tif"), 30, 20, new int[30 * 20]);
        Path csv = dir.resolve("e.csv");
        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (PrintStream capture = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            assertEquals(0, FijiUnetCli.run("evaluate", "--pred", pred.toString(), "--truth", truth.toString(), "--csv", csv.toString()));
        } finally {
            System.setOut(stdout);
        }
        String out = printed.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("pixel IoU: 1.0000  AP@0.50: 1.0000  AP@0.75: 1.0000  mean AP (0.50:0.95): 1.0000"), out);
        assertTrue(out.contains("1 image(s) without objects in both truth and prediction: scored as perfect"), out);
        assertTrue(Files.readAllLines(csv).get(1).startsWith("e.tif,0,0,1.0000,1.0000,1.0000,"), Files.readAllLines(csv).get(1));
    }

    private static int runQuietly(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (PrintStream quiet = new PrintStream(sink, true, StandardCharsets.UTF_8)) {
            System.setOut(quiet);
            System.setErr(quiet);
            return FijiUnetCli.run(args);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
