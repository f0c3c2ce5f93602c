package io.github.fijiunet.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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

    /**
     * A stack's planes, each post-processed while the next is predicted, give exactly what each
     * plane segmented alone gives, in plane order; the progress count never goes back and ends at
     * the total; cancelling while a plane is post-processed stops the stack.
     */
    @Test
    void stackPlanesPostProcessedBesideTheNextPredictionEqualPlanesAlone() throws Exception {
        java.nio.file.Path[] files;
        try (java.util.stream.Stream<java.nio.file.Path> list = java.nio.file.Files.list(java.nio.file.Path.of("test-images", "nuclei", "images"))) {
            files = list.sorted().toArray(java.nio.file.Path[]::new);
        }
        List<io.github.fijiunet.tensor.ImagePlane> planes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ij.process.ImageProcessor ip = IJ.openImage(files[i].toString()).getProcessor().convertToFloat();
            ip.setRoi(0, 0, 240, 200);
            planes.add(ImagePlusImgs.planes(new ij.ImagePlus("p" + i, ip.crop())).plane(0));
        }
        io.github.fijiunet.tensor.PlaneStack stack = new io.github.fijiunet.tensor.PlaneStack(240, 200, 1, planes.size(), planes::get);
        List<long[]> counts = new ArrayList<>();
        Progress recorder = new Progress() {
            @Override
            public void update(long done, long total, String message) {
                counts.add(new long[] {done, total});
            }

            @Override
            public boolean isCancelled() {
                return false;
            }
        };
        try (LoadedModel model = LoadedModel.load(ModelCatalog.standard().resolve("nuclei-unet"), RuntimeOptions.DEFAULT)) {
            CellSegmenter segmenter = new CellSegmenter(model, SegmentationOptions.defaults());
            List<PlaneSegmentation> together = segmenter.segment(stack, PixelCalibration.PIXELS, recorder);
            assertEquals(planes.size(), together.size());
            int objects = 0;
            for (int p = 0; p < planes.size(); p++) {
                PlaneSegmentation alone = segmenter.segment(single(planes.get(p)), PixelCalibration.PIXELS, Progress.NONE).get(0);
                PlaneSegmentation overlapped = together.get(p);
                assertEquals(p, overlapped.plane());
                org.junit.jupiter.api.Assertions.assertArrayEquals(alone.labels().labels(), overlapped.labels().labels(), "plane " + p);
                assertEquals(alone.objectCount(), overlapped.measurements().size());
                for (int k = 0; k < alone.objectCount(); k++) {
                    assertEquals(alone.measurements().get(k).area(), overlapped.measurements().get(k).area(), "plane " + p + " object " + k);
                    assertEquals(alone.measurements().get(k).mean(), overlapped.measurements().get(k).mean(), "plane " + p + " object " + k);
                }
                objects += overlapped.objectCount();
            }
            assertTrue(objects > 40, objects + " objects (the test can fail)");
            for (int i = 1; i < counts.size(); i++) assertTrue(counts.get(i)[0] >= counts.get(i - 1)[0], "progress went back at update " + i);
            long[] last = counts.get(counts.size() - 1);
            assertEquals(last[1], last[0], "progress ends at the total");

            int[] polls = {0};
            Progress cancelLater = new Progress() {
                @Override
                public void update(long done, long total, String message) {}

                @Override
                public boolean isCancelled() {
                    return Thread.currentThread().getName().equals("fiji-unet post-processing") && ++polls[0] > 1;
                }
            };
            assertThrows(io.github.fijiunet.CancelledException.class, () -> segmenter.segment(stack, PixelCalibration.PIXELS, cancelLater));
        }
    }

    private static io.github.fijiunet.tensor.PlaneStack single(io.github.fijiunet.tensor.ImagePlane plane) {
        return new io.github.fijiunet.tensor.PlaneStack(plane.width(), plane.height(), 1, 1, q -> plane);
    }
}
