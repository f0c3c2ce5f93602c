package io.github.fijiunet.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.fijiunet.cli.CliRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The README's examples as written, read from README.md (so the README cannot drift from what
 * works): the quick start, the command-line block, the macro block under ImageJ {@code -batch} and
 * the headless {@code call(...)} recipe, both in a plain ImageJ laid out as
 * {@code -Pinstall,plain-imagej} installs it and started with the README's command line. Only the
 * example paths ({@code /data/...}, {@code cells.tif}, ...) are replaced by test files.
 */
class ReadmeExamplesTest {

    private static String readme;

    @TempDir
    Path dir;

    @BeforeAll
    static void read() throws IOException {
        readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
    }

    /** The body of the first fenced block after {@code heading} that contains {@code marker}. */
    static String block(String heading, String marker) {
        int from = readme.indexOf("\n" + heading + "\n");
        assertTrue(from >= 0, "README has " + heading);
        Matcher m = Pattern.compile("```[a-z]*\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        while (m.find(from)) {
            if (m.group(1).contains(marker)) return m.group(1);
            from = m.end();
        }
        throw new AssertionError("no code block with " + marker + " after " + heading);
    }

    @Test
    void quickStartSegmentsTheBundledImage() throws Exception {
        String command = block("## Quick start (a fresh machine with Java 11+ and Maven)", "exec:java");
        Matcher args = Pattern.compile("-Dexec\\.args=\"([^\"]*)\"").matcher(command);
        assertTrue(args.find(), command);
        String line = args.group(1).replace("--output out", "--output " + dir.resolve("out"));
        CliRun run = CliRun.of(line.split(" "));
        assertEquals(0, run.exitCode, run.err);
        assertTrue(run.out.matches("(?s).*\\d+ objects in 20b20ab049372d18.tif.*"), run.out);
        assertTrue(Files.isRegularFile(dir.resolve("out/20b20ab049372d18_labels.tif")), "labels written");
    }

    @Test
    void commandLineBlockRunsSegmentBatchEvaluateExportAndTest() throws Exception {
        Examples data = examples();
        String block = block("## Command line and Java", "fiji-unet segment");
        int ran = 0;
        for (String raw : block.split("\\R")) {
            String line = raw.replaceAll("#.*", "").replaceAll("\\[[^]]*]", "").trim();
            if (!line.startsWith("fiji-unet ") || line.contains("--help")) continue;
            String command = line.split(" \\| ")[0].trim().substring("fiji-unet ".length());
            if (command.startsWith("classify")) continue; // needs crops of the classifier's kind; ClassifyCommand's tests run it
            command = command.replace("cells.tif", data.cells.toString()).replace("--input in/", "--input " + data.in)
                    .replace("--output out/", "--output " + dir.resolve("out-batch")).replace("--output out", "--output " + dir.resolve("out-one"))
                    .replace("--pred out/", "--pred " + dir.resolve("out-batch")).replace("--truth masks/", "--truth " + data.truth)
                    .replace("nuclei-unet.bioimageio.zip", dir.resolve("nuclei-unet.bioimageio.zip").toString())
                    .replace("--images train/images", "--images " + data.in).replace("--truth train/masks", "--truth " + data.truth);
            if (command.startsWith("tune")) {
                command = command.replace("--model my-model", "--model " + io.github.fijiunet.TestModels.copyOfShipped("nuclei-unet", dir));
            }
            CliRun run = CliRun.of(command.split("\\s+"));
            assertEquals(0, run.exitCode, command + "\n" + run.out + run.err);
            ran++;
        }
        assertEquals(6, ran, "segment, batch, evaluate (after batch, so evaluate reads batch's outputs), tune (a copy of the model),"
                + " export-bioimageio and bioimageio test (after the export, so it tests the package written)");
        assertTrue(Files.isRegularFile(dir.resolve("out-batch/summary.csv")));
    }

    @Test
    void macroBlockRunsUnderImageJBatchInAnInstalledImageJ() throws Exception {
        assumeTrue(FijiTestSupport.hasXvfb(), "xvfb-run is not installed (apt-get install xvfb xauth): .ci/run installs it");
        Examples data = examples();
        String macro = block("## Macros", "run(\"Segment Cells (U-Net)\"")
                .replace("/data/cells.tif", data.cells.toString()).replace("/data/in", data.in.toString())
                .replace("/data/out", dir.resolve("macro-out").toString()).replace("/data/truth", data.truth.toString())
                .replace("/data/scores.csv", dir.resolve("scores.csv").toString())
                + "\nprint(\"DONE=1\");\n";
        Path file = Files.writeString(dir.resolve("readme.ijm"), macro);
        List<String> cmd = new ArrayList<>(List.of("xvfb-run", "-a", "-s", "-screen 0 1024x768x24"));
        cmd.addAll(imageJ(false, file));
        FijiTestSupport.Run run = FijiTestSupport.run(cmd, dir, 300);
        assertEquals(0, run.exitCode, run.output);
        assertEquals("1", FijiTestSupport.printed(run.output, "DONE"), run.output);
        Matcher counts = Pattern.compile("(\\d+) cells, (\\d+) rows").matcher(run.output);
        assertTrue(counts.find() && Integer.parseInt(counts.group(1)) > 10 && counts.group(1).equals(counts.group(2)), run.output);
        assertTrue(Files.isRegularFile(dir.resolve("scores.csv")), "Evaluate wrote its CSV\n" + run.output);
        // The README classifies nuclei with the clothing model: the user is told it does not suit them.
        assertTrue(run.output.contains("fashion-cnn is much less sure of these objects than of its own test images"), run.output);
        assertFalse(run.output.contains("\tat "), "no stack trace\n" + run.output);
    }

    @Test
    void headlessCallRecipeRunsAsDocumented() throws Exception {
        Examples data = examples();
        String call = block("## Macros", "Macros.segment");
        String macro = call.replace("/data/cells.tif", data.cells.toString()).replace("/data/out", dir.resolve("call-out").toString())
                + "\nprint(\"N=\" + n);\n";
        Path file = Files.writeString(dir.resolve("call.ijm"), macro);
        FijiTestSupport.Run run = FijiTestSupport.run(imageJ(true, file), dir, 300);
        assertEquals(0, run.exitCode, run.output);
        String n = FijiTestSupport.printed(run.output, "N");
        assertTrue(n != null && n.matches("\\d+") && Integer.parseInt(n) > 10, run.output);
        assertTrue(Files.isRegularFile(dir.resolve("call-out/cells_labels.tif")), run.output);
    }

    /**
     * The README's line for running a macro file in the installed ImageJ, with this test's paths:
     * {@code java [-Djava.awt.headless=true] -Dplugins.dir=ImageJ -jar ImageJ/ij.jar -batch m.ijm}.
     */
    private List<String> imageJ(boolean headless, Path macro) throws IOException {
        Path imagej = installedImageJ();
        String documented = block("## Macros", "-jar").lines().filter(l -> l.contains("-jar") && l.contains("-batch"))
                .filter(l -> l.contains("headless") == headless).findFirst().orElseThrow(() -> new AssertionError("no java -jar line"));
        List<String> cmd = new ArrayList<>();
        for (String word : documented.trim().split("\\s+")) {
            cmd.add(word.replace("/path/to/ImageJ", imagej.toString()).replace("macro.ijm", macro.toString()));
        }
        cmd.set(0, FijiTestSupport.java());
        cmd.add(1, "-Xmx2g");
        return cmd;
    }

    /**
     * A plain ImageJ as {@code mvn -Pinstall,plain-imagej -Dfiji.app=ImageJ} leaves it: ij.jar, the
     * plugin jar in plugins/, its libraries in jars/, the engine folder and models/.
     */
    private Path installedImageJ() throws IOException {
        Path imagej = dir.resolve("ImageJ");
        if (Files.isDirectory(imagej)) return imagej;
        FijiTestSupport.pluginsDir(imagej);
        Path jars = Files.createDirectories(imagej.resolve("jars"));
        for (String entry : FijiTestSupport.dependencyClassPath(false).split(File.pathSeparator)) {
            Path jar = Path.of(entry);
            if (!entry.endsWith(".jar")) continue;
            if (entry.replace('\\', '/').contains("/net/imagej/ij/")) Files.copy(jar, imagej.resolve("ij.jar"));
            else Files.copy(jar, jars.resolve(jar.getFileName()));
        }
        Files.createSymbolicLink(imagej.resolve("models"), Path.of("models").toAbsolutePath());
        return imagej;
    }

    /** A cells image, a folder of three nuclei images and their ground truth (and nothing else). */
    private Examples examples() throws IOException {
        Path in = Files.createDirectories(dir.resolve("in"));
        Path truth = Files.createDirectories(dir.resolve("truth"));
        for (String name : List.of("00071198d059ba7f.tif", "0280fa8f60f6bcae.tif", "20b20ab049372d18.tif")) {
            Files.copy(Path.of("test-images/nuclei/images", name), in.resolve(name));
            Files.copy(Path.of("test-images/nuclei/masks", name), truth.resolve(name));
        }
        Path cells = Files.copy(FijiTestSupport.NUCLEI, dir.resolve("cells.tif"));
        return new Examples(cells, in, truth);
    }

    private static final class Examples {
        final Path cells;
        final Path in;
        final Path truth;

        Examples(Path cells, Path in, Path truth) {
            this.cells = cells;
            this.in = in;
            this.truth = truth;
        }
    }
}
