package io.github.fijiunet.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.fijiunet.InvalidInputException;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

/** The shipped models, offered to the commands that can use them: no clothing classifier in Segment Cells. */
class ModelCatalogTest {

    @Test
    void segmentationAndClassificationModelsAreOfferedApart() {
        ModelCatalog catalog = new ModelCatalog(List.of(Path.of("models")));
        assertTrue(catalog.names().containsAll(List.of("nuclei-unet", "em-membrane-unet", "fashion-cnn")), catalog.names().toString());
        List<String> segmentation = catalog.names(false);
        assertTrue(segmentation.containsAll(List.of("nuclei-unet", "em-membrane-unet")) && !segmentation.contains("fashion-cnn"), segmentation.toString());
        assertEquals(List.of("fashion-cnn"), catalog.names(true));
    }

    /** A model trained under a bare name lands in the first models folder, where every command finds it by that name. */
    @Test
    void aModelTrainedUnderANameIsFoundByIt(@TempDir Path mine) throws Exception {
        ModelCatalog catalog = new ModelCatalog(List.of(mine, Path.of("models")));
        Path written = catalog.outputFolder("my-classifier");
        assertEquals(mine.resolve("my-classifier"), written);
        Files.createDirectories(written);
        Files.copy(Path.of("models", "fashion-cnn", ModelDescriptor.FILE_NAME), written.resolve(ModelDescriptor.FILE_NAME));
        assertEquals(written, catalog.resolve("my-classifier"));
        assertTrue(catalog.names(true).contains("my-classifier"), catalog.names(true).toString());
        assertEquals(Path.of("out", "my-classifier"), catalog.outputFolder("out/my-classifier"), "a path stays a path");
        assertEquals(mine.resolve("x"), catalog.outputFolder(mine.resolve("x").toString()));
        assertThrows(InvalidInputException.class, () -> catalog.outputFolder(" "));
    }
}
