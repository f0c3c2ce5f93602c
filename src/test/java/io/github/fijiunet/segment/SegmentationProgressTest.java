package io.github.fijiunet.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import io.github.fijiunet.Progress;
import io.github.fijiunet.model.LoadedModel;
import io.github.fijiunet.model.ModelCatalog;
import io.github.fijiunet.model.RuntimeOptions;
import io.github.fijiunet.post.PixelCalibration;
import io.github.fijiunet.predict.TilingOptions;
import io.github.fijiunet.tensor.ImagePlusImgs;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

/** Progress moves in real steps: every tile, then finding, tracing and measuring the objects, then the count. */
class SegmentationProgressTest {

    @Test
    void tilesThenPostProcessingStepsThenTheCount() {
        List<String> updates = new ArrayList<>();
        Progress recorder = new Progress() {
            @Override
            public void update(long done, long total, String message) {
                updates.add(done + "/" + total + " " + message);
            }

            @Override
            public boolean isCancelled() {
                return false;
            }
        };
        try (LoadedModel model = LoadedModel.load(ModelCatalog.standard().resolve("nuclei-unet"), RuntimeOptions.DEFAULT)) {
            SegmentationOptions options = SegmentationOptions.builder().tiling(TilingOptions.tileSize(128)).build();
            new CellSegmenter(model, options).segment(ImagePlusImgs.planes(IJ.openImage("test-images/nuclei/images/00071198d059ba7f.tif")),
                    PixelCalibration.PIXELS, recorder);
        }
        // 256² in 128-px tiles: 4 tiles + 3 post-processing steps.
        assertEquals(List.of("1/7 predicting tile 1/4", "2/7 predicting tile 2/4", "3/7 predicting tile 3/4", "4/7 predicting tile 4/4",
                "4/7 finding objects"), updates.subList(0, 5), updates.toString());
        assertTrue(updates.get(5).matches("5/7 tracing the outlines of \\d+ objects"), updates.toString());
        assertTrue(updates.get(6).matches("6/7 measuring \\d+ objects"), updates.toString());
        assertTrue(updates.get(7).matches("7/7 \\d+ objects"), updates.toString());
        assertEquals(8, updates.size());
    }
}
