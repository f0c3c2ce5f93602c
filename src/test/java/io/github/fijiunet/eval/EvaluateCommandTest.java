package io.github.fijiunet.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ij.process.ShortProcessor;
import io.github.fijiunet.cli.FijiUnetCli;
import io.github.fijiunet.post.Shapes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
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
