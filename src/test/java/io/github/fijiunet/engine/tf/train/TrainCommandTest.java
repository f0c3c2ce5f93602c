package io.github.fijiunet.engine.tf.train;

import io.github.fijiunet.train.TrainingOptions;
import io.github.fijiunet.train.TrainingOutput;
import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import io.github.fijiunet.cli.FijiUnetCli;
import io.github.fijiunet.model.ModelDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainCommandTest {

    private static final Path NUCLEI = Path.of("test-images", "nuclei");
    private static final List<String> IMAGES = List.of("00071198d059ba7f.tif", "0280fa8f60f6bcae.tif");

    @Test
    void helpAndUserErrorsGiveTheDocumentedExitCodes(@TempDir Path dir) {
        assertEquals(0, FijiUnetCli.run("train", "--help"));
        // Missing data options and unknown choices are bad command lines; data that cannot be read is a user error.
        assertEquals(FijiUnetCli.EXIT_BAD_COMMAND_LINE, FijiUnetCli.run("train", "--arch", "unet", "--out", dir.resolve("m").toString()));
        assertEquals(FijiUnetCli.EXIT_BAD_COMMAND_LINE, FijiUnetCli.run("train", "--arch", "resnet", "--out", dir.resolve("m").toString()));
        assertEquals(FijiUnetCli.EXIT_USER_ERROR, FijiUnetCli.run("train", "--arch", "cnn", "--idx-images", dir.resolve("none.gz").toString(),
                "--idx-labels", dir.resolve("none.gz").toString(), "--out", dir.resolve("m").toString()));
        assertEquals(2, FijiUnetCli.run("train", "--epochs", "x"));
        // Enum values in the lower case that help and macros show parse (the run then stops at the missing data, not at parsing).
        assertEquals(FijiUnetCli.EXIT_USER_ERROR, FijiUnetCli.run("train", "--arch", "unet", "--schedule", "constant", "--images",
                dir.resolve("none").toString(), "--masks", dir.resolve("none").toString(), "--out", dir.resolve("m").toString()));
    }

    @Test
    void refusesAFolderOfOtherFilesBeforeReadingTheDataAndKeepsThem(@TempDir Path dir) throws IOException {
        Path out = Files.createDirectories(dir.resolve("results"));
        Files.writeString(out.resolve("notes.txt"), "mine");
        Files.createDirectories(out.resolve("sub"));
        Files.writeString(out.resolve("sub/table.csv"), "a,b");
        // The data folders do not exist: the output folder is refused first, before any data is read.
        String[] err = {null};
        assertEquals(FijiUnetCli.EXIT_USER_ERROR, run(err, "train", "--arch", "unet", "--images", dir.resolve("missing").toString(),
                "--masks", dir.resolve("missing").toString(), "--out", out.toString()));
        assertTrue(err[0].contains("is not empty") && err[0].contains("--out"), err[0]);

        Path data = trainingData(dir.resolve("data"));
        assertEquals(FijiUnetCli.EXIT_USER_ERROR, run(err, tinyRun(data, out, dir.resolve("work"))));
        assertTrue(err[0].contains("is not empty"), err[0]);
        assertEquals(List.of("notes.txt", "sub", "sub/table.csv"), tree(out));
        // --overwrite replaces models only, never other content.
        assertEquals(FijiUnetCli.EXIT_USER_ERROR, run(err, withOverwrite(tinyRun(data, out, dir.resolve("work")))));
        assertEquals(List.of("notes.txt", "sub", "sub/table.csv"), tree(out));
        assertFalse(Files.exists(dir.resolve("work")), "refused before the work folder was made");

        Path empty = Files.createDirectories(dir.resolve("empty"));
        TrainingOutput.check(TrainingOptions.builder("empty", empty).build(), data); // a new or empty folder is fine
    }

    @Test
    void aModelFolderIsReplacedOnlyWithOverwriteAndWhole(@TempDir Path dir) throws IOException {
        Path data = trainingData(dir.resolve("data"));
        Path models = Files.createDirectories(dir.resolve("models"));
        Path out = models.resolve("tiny");
        ReexportCommandTest.copy(Path.of("models", "fashion-cnn"), out); // a model trained earlier
        Files.writeString(out.resolve("old-extra.txt"), "from the first model's folder");
        Path descriptor = out.resolve(ModelDescriptor.FILE_NAME);
        String first = Files.readString(descriptor);
        String[] err = {null};
        assertEquals(FijiUnetCli.EXIT_USER_ERROR, run(err, tinyRun(data, out, dir.resolve("work1"))));
        assertTrue(err[0].contains("holds a model") && err[0].contains("--overwrite"), err[0]);
        assertEquals(first, Files.readString(descriptor), "the model is kept");

        assertEquals(0, run(err, withOverwrite(tinyRun(data, out, dir.resolve("work3")))), err[0]);
        ModelDescriptor.read(out);
        assertTrue(Files.readString(out.resolve(ModelCard.FILE_NAME)).contains("work3"), "the new model card");
        assertFalse(Files.exists(out.resolve("old-extra.txt")), "the old folder was replaced whole");
        assertEquals(List.of("tiny", "tiny/" + ModelCard.FILE_NAME, "tiny/" + ModelDescriptor.FILE_NAME, "tiny/saved_model.pb",
                "tiny/variables", "tiny/variables/variables.data-00000-of-00001", "tiny/variables/variables.index"), tree(models),
                "no scratch folders are left beside the model");
    }

    /** train --export-bioimageio writes the package beside the model, its test input the first training sample, and the package passes its test. */
    @Test
    void trainingCanExportABioImageIoPackage(@TempDir Path dir) throws Exception {
        Path data = trainingData(dir.resolve("data"));
        Path zip = dir.resolve("tiny.bioimageio.zip");
        String[] args = tinyRun(data, dir.resolve("tiny"), dir.resolve("work"));
        String[] withExport = java.util.Arrays.copyOf(args, args.length + 2);
        withExport[args.length] = "--export-bioimageio";
        withExport[args.length + 1] = zip.toString();
        String[] err = {null};
        assertEquals(0, run(err, withExport), err[0]);
        assertTrue(err[0].contains("bioimage.io package written to " + zip), err[0]);
        try (io.github.fijiunet.bioimageio.BioImageIoModel model = io.github.fijiunet.bioimageio.BioImageIoModel.load(zip,
                io.github.fijiunet.model.RuntimeOptions.DEFAULT, null)) {
            assertTrue(io.github.fijiunet.bioimageio.PackageTest.run(model).passed());
        }
        String[] again = tinyRun(data, dir.resolve("tiny2"), dir.resolve("work2"));
        String[] againWithExport = java.util.Arrays.copyOf(again, again.length + 2);
        againWithExport[again.length] = "--export-bioimageio";
        againWithExport[again.length + 1] = zip.toString();
        assertEquals(FijiUnetCli.EXIT_BAD_COMMAND_LINE, run(err, againWithExport), "an existing package is kept, before training");
        assertFalse(Files.exists(dir.resolve("work2")), "refused before training started");
        assertTrue(err[0].contains("exists") && err[0].contains("--overwrite"), err[0]);
    }

    @Test
    void aFolderHoldingTheTrainingDataIsRefused(@TempDir Path dir) throws IOException {
        Path data = trainingData(dir.resolve("project/data"));
        String[] err = {null};
        List<String> before = tree(dir);
        assertEquals(FijiUnetCli.EXIT_USER_ERROR, run(err, tinyRun(data, dir.resolve("project"), dir.resolve("work"))));
        assertTrue(err[0].contains("the training data"), err[0]);
        assertEquals(before, tree(dir));
    }

    /** {@code --out .} in a child JVM whose working directory holds the data and a file of the user's: refused, nothing removed. */
    @Test
    void outDotIsRefusedAndTheWorkingDirectoryKept(@TempDir Path dir) throws Exception {
        Path cwd = Files.createDirectories(dir.resolve("cwd"));
        trainingData(cwd.resolve("data"));
        Files.writeString(cwd.resolve("notes.txt"), "mine");
        List<String> before = tree(cwd);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), FijiUnetCli.class.getName()));
        command.addAll(List.of(tinyRun(Path.of("data"), Path.of("."), dir.resolve("work"))));
        Path log = dir.resolve("child.log");
        Process child = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), "child finished");
        String output = Files.readString(log);
        assertEquals(FijiUnetCli.EXIT_USER_ERROR, child.exitValue(), output);
        assertTrue(output.contains("the working directory"), output);
        assertEquals(before, tree(cwd));
    }

    /** A real SIGINT: the checkpoint is written, the resume command printed, and the JVM exits at once (it used to hang 60 s). */
    @Test
    void ctrlCSavesTheCheckpointAndExitsAtOnceWithTheResumeCommand(@TempDir Path dir) throws Exception {
        Path data = trainingData(dir.resolve("data"));
        List<String> args = new ArrayList<>(List.of(tinyRun(data, dir.resolve("model"), dir.resolve("work"))));
        args.set(args.indexOf("--epochs") + 1, "1000");
        args.set(args.indexOf("--log-every") + 1, "1");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), FijiUnetCli.class.getName()));
        command.addAll(args);
        Path log = dir.resolve("child.log");
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!Files.readString(log).contains("  step 3/") && child.isAlive() && System.nanoTime() < deadline) Thread.sleep(100);
            assertTrue(child.isAlive(), Files.readString(log));
            assertEquals(0, new ProcessBuilder("kill", "-INT", String.valueOf(child.pid())).start().waitFor());
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "exited within 30 s of Ctrl-C:\n" + Files.readString(log));
        } finally {
            child.destroyForcibly();
        }
        String output = Files.readString(log);
        assertEquals(FijiUnetCli.EXIT_CANCELLED, child.exitValue(), output);
        assertTrue(output.contains("Saved the checkpoint of step ") && output.contains("To continue: fiji-unet train ")
                && output.contains(" --resume"), output);
        assertTrue(new Checkpoints(dir.resolve("work")).newest() != null, "a checkpoint to resume from");
    }

    /** The top left 64×64 of two nuclei images and their masks in {@code dir}/images and {@code dir}/masks. */
    static Path trainingData(Path dir) throws IOException {
        for (String folder : List.of("images", "masks")) {
            Files.createDirectories(dir.resolve(folder));
            for (String name : IMAGES) {
                ImagePlus image = IJ.openImage(NUCLEI.resolve(folder).resolve(name).toString());
                image.setRoi(0, 0, 64, 64);
                assertTrue(new FileSaver(image.crop()).saveAsTiff(dir.resolve(folder).resolve(name).toString()));
            }
        }
        return dir;
    }

    /** A two-step run of a tiny U-Net (a few seconds). */
    static String[] tinyRun(Path data, Path out, Path workDir) {
        return new String[] {"train", "--arch", "unet", "--images", data.resolve("images").toString(), "--masks",
                data.resolve("masks").toString(), "--val-files", IMAGES.get(1), "--depth", "2", "--filters", "4", "--patch", "32",
                "--batch", "2", "--epochs", "1", "--steps-per-epoch", "2", "--threads", "2", "--log-every", "0",
                "--work-dir", workDir.toString(), "--out", out.toString()};
    }

    private static String[] withOverwrite(String[] args) {
        String[] with = java.util.Arrays.copyOf(args, args.length + 1);
        with[args.length] = "--overwrite";
        return with;
    }

    /** Runs the CLI in this JVM; {@code err[0]} receives what it printed to stderr. */
    private static int run(String[] err, String... args) {
        PrintStream saved = System.err;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            System.setErr(capture);
            return FijiUnetCli.run(args);
        } finally {
            System.setErr(saved);
            err[0] = bytes.toString(StandardCharsets.UTF_8);
        }
    }

    /** Every path under {@code root}, relative and sorted, hidden ones included. */
    static List<String> tree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> !p.equals(root)).map(p -> root.relativize(p).toString().replace(File.separatorChar, '/'))
                    .sorted().collect(Collectors.toList());
        }
    }

    @Test
    void moreThreadsThanCoresIsABadCommandLineFoundBeforeTheData(@TempDir Path dir) {
        int cores = Runtime.getRuntime().availableProcessors();
        // The data folders do not exist: reading the data before the options would stop there, with exit 1.
        String missing = dir.resolve("none").toString();
        PrintStream err = System.err;
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        int exitCode;
        try (PrintStream capture = new PrintStream(errBytes, true, StandardCharsets.UTF_8)) {
            System.setErr(capture);
            exitCode = FijiUnetCli.run("train", "--arch", "unet", "--images", missing, "--masks", missing,
                    "--out", dir.resolve("m").toString(), "--threads", "100000");
        } finally {
            System.setErr(err);
        }
        String message = errBytes.toString(StandardCharsets.UTF_8);
        assertEquals(FijiUnetCli.EXIT_BAD_COMMAND_LINE, exitCode, message);
        assertTrue(message.contains("threads 100000 is more than this machine's " + cores + " cores; give 0 (all cores) or 1"), message);
    }
}
