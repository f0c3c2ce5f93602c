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
        assertEquals(FijiUnetCli.EXIT_USER_ERROR, FijiUnetCli.run("train", "--arch", "unet", "--out", dir.resolve("m").toString()));
        assertEquals(FijiUnetCli.EXIT_USER_ERROR, FijiUnetCli.run("train", "--arch", "resnet", "--out", dir.resolve("m").toString()));
        assertEquals(FijiUnetCli.EXIT_USER_ERROR, FijiUnetCli.run("train", "--arch", "cnn", "--idx-images", dir.resolve("none.gz").toString(),
                "--idx-labels", dir.resolve("none.gz").toString(), "--out", dir.resolve("m").toString()));
        assertEquals(2, FijiUnetCli.run("train", "--epochs", "x"));
        assertEquals(FijiUnetCli.EXIT_USER_ERROR, FijiUnetCli.run("train", "--arch", "unet", "--precision", "half", "--out", dir.resolve("m").toString()));
        // Enum values in the lower case that help and macros show parse (the run then stops at the missing data, not at parsing).
        assertEquals(FijiUnetCli.EXIT_USER_ERROR, FijiUnetCli.run("train", "--arch", "unet", "--schedule", "constant", "--out", dir.resolve("m").toString()));
    }
}
