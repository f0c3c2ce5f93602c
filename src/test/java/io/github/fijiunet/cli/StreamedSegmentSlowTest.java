package io.github.fijiunet.cli;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ShortProcessor;
import io.github.fijiunet.bench.SyntheticNuclei;
import io.github.fijiunet.segment.BlockSegmenter;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A plane above the block-wise limit through {@code fiji-unet segment}: streamed labels and CSV, every blob found once. */
@Tag("slow")
class StreamedSegmentSlowTest {

    @Test
    void largePlanesAreSegmentedInBlocksAndStreamed(@TempDir Path dir) throws Exception {
        int size = 8200;
        assertTrue((long) size * size > BlockSegmenter.BLOCKWISE_PIXELS);
        SyntheticNuclei nuclei = new SyntheticNuclei(size, 3);
        int blobs = nuclei.blobs();
        Path input = dir.resolve("slide.tif");
        assertTrue(new FileSaver(new ImagePlus("slide", new ShortProcessor(size, size, nuclei.pixels(), null))).saveAsTiff(input.toString()));
        Path output = dir.resolve("out");

        int code = FijiUnetCli.run(new String[] {"segment", "--input", input.toString(), "--output", output.toString(), "--model", "nuclei-unet"});

        assertEquals(0, code);
        assertFalse(Files.exists(output.resolve("slide_rois.zip")), "no ROI set for streamed planes");
        List<String> rows = Files.readAllLines(output.resolve("slide_results.csv"));
        int objects = rows.size() - 1;
        ImagePlus labels = IJ.openImage(output.resolve("slide_labels.tif").toString());
        assertEquals(size, labels.getWidth());
        Set<Float> distinct = new HashSet<>();
        for (float v : (float[]) labels.getProcessor().getPixels()) if (v != 0) distinct.add(v);
        assertEquals(objects, distinct.size(), "one painted label per CSV row");
        // Overlapping blobs merge into one nucleus, so somewhat fewer objects than blobs.
        assertTrue(objects > 0.85 * blobs && objects <= blobs, objects + " objects for " + blobs + " blobs");
        try (var files = Files.list(output)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".part")), "no temporary files left");
        }
    }
}
