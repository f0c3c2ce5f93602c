package io.github.fijiunet.train;

import io.github.fijiunet.cli.FijiUnetCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TrainCommandTest {

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
}
