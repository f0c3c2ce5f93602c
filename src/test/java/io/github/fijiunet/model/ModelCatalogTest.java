package io.github.fijiunet.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
