package io.github.fijiunet.train;

import io.github.fijiunet.cli.FijiUnetCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainCommandTest {

    @Test
    void helpAndUserErrorsGiveTheDocumentedExitCodes(@TempDir Path dir) {
        assertEquals(0, FijiUnetCli.run("train", "--help"));
        assertEquals(FijiUnetCli.EXIT_USER_ERROR, FijiUnetCli.run("train", "--arch", "unet", "--out", dir.resolve("m").toString()));
        assertEquals(FijiUnetCli.EXIT_USER_ERROR, FijiUnetCli.run("train", "--arch", "resnet", "--out", dir.resolve("m").toString()));
        assertEquals(FijiUnetCli.EXIT_USER_ERROR, FijiUnetCli.run("train", "--arch", "cnn", "--idx-images", dir.resolve("none.gz").toString(),
                "--idx-labels", dir.resolve("none.gz").toString(), "--out", dir.resolve("m").toString()));
        assertEquals(2, FijiUnetCli.run("train", "--epochs", "x"));
        assertEquals(FijiUnetCli.EXIT_USER_ERROR, FijiUnetCli.run("train", "--arch", "unet", "--precision", "half", "--out", dir.resolve("m").toString()));
        // Enum values in the lower case that help and macros show parse (the run then stops at the missing data, not at parsing).
        assertEquals(FijiUnetCli.EXIT_USER_ERROR, FijiUnetCli.run("train", "--arch", "unet", "--schedule", "constant", "--out", dir.resolve("m").toString()));
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
