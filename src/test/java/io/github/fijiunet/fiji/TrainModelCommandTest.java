package io.github.fijiunet.fiji;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandService;
import org.scijava.module.ModuleService;
import org.scijava.thread.ThreadService;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** "Train Model..." run the way Fiji runs it: the dialog's training options reach the run (its model card says what ran). */
class TrainModelCommandTest {

    private static Context context;

    @BeforeAll
    static void start() {
        context = new Context(CommandService.class, ThreadService.class);
    }

    @AfterAll
    static void stop() {
        context.dispose();
    }

    @Test
    void theDialogsTrainingOptionsReachTheRun(@TempDir Path dir) throws Exception {
        Path nuclei = Path.of("test-images", "nuclei");
        Map<String, Object> in = new HashMap<>();
        in.put("architecture", "unet");
        in.put("data_source", TrainModelCommand.FOLDERS);
        in.put("images", nuclei.resolve("images").toFile());
        in.put("masks", nuclei.resolve("masks").toFile());
        in.put("task", "instance");
        in.put("output", dir.resolve("tiny").toFile());
        in.put("overwrite", false);
        in.put("depth", 2);
        in.put("filters", 4);
        in.put("epochs", 1);
        in.put("steps_per_epoch", 2);
        in.put("batch", 2);
        in.put("patch", 32);
        in.put("val_fraction", 0.3);
        in.put("seed", 42L);
        in.put("precision", "float32");
        in.put("augment", "strong_elastic");
        in.put("lr", 0.005);
        in.put("patience", 4);
        in.put("boundary_weight", 2.0);
        TrainModelCommand module = (TrainModelCommand) context.service(ModuleService.class)
                .run(context.service(CommandService.class).getCommand(TrainModelCommand.class), false, in).get();
        assertNotNull(module);
        Path card = dir.resolve("tiny").resolve("MODEL_CARD.md");
        assertTrue(Files.isRegularFile(card), "a model was written into " + dir);
        String text = Files.readString(card);
        assertTrue(text.contains("learning rate 0.005"), text);
        assertTrue(text.contains("early-stopping patience 4 epochs"), text);
        assertTrue(text.contains("boundary pixels weighted 2.0"), text);
        assertTrue(text.contains("elastic deformation"), text);
    }
}
