package io.github.fijiunet.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import ij.IJ;
import ij.ImagePlus;
import io.github.fijiunet.Progress;
import io.github.fijiunet.model.LoadedModel;
import io.github.fijiunet.model.ModelCache;
import io.github.fijiunet.model.Precision;
import io.github.fijiunet.model.ComputeDevice;
import io.github.fijiunet.model.RuntimeOptions;
import io.github.fijiunet.post.InstanceOption;
import io.github.fijiunet.segment.SegmentationOption;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

/** A Fiji session keeps its last model: the next run starts at once; other options, a retrained model or a release load again. */
class ModelCacheTest {

    @Test
    void theSecondRunReusesTheModelAndAnotherModelOrOptionsReloads() throws Exception {
        Path dir = FijiTestSupport.modelRoot().resolve(FijiTestSupport.MODEL);
        ModelCache cache = new ModelCache();
        LoadedModel first;
        try (ModelCache.Lease lease = cache.acquire(dir, RuntimeOptions.DEFAULT)) {
            first = lease.model();
        }
        try (ModelCache.Lease lease = cache.acquire(dir, RuntimeOptions.DEFAULT)) {
            assertSame(first, lease.model(), "kept from the first run");
            try (ModelCache.Lease concurrent = cache.acquire(dir, RuntimeOptions.DEFAULT)) {
                assertSame(first, concurrent.model(), "two runs at once share it");
            }
        }
        assertEquals(1, cache.loads());
        RuntimeOptions oneThread = new RuntimeOptions(ComputeDevice.CPU, 1, 0, Precision.FLOAT32);
        try (ModelCache.Lease lease = cache.acquire(dir, oneThread)) {
            assertNotSame(first, lease.model(), "other runtime options load again");
        }
        assertEquals(2, cache.loads());
        cache.release();
        try (ModelCache.Lease lease = cache.acquire(dir, oneThread)) {
            lease.model();
        }
        assertEquals(3, cache.loads(), "released, so loaded again");
    }

    @Test
    void aRetrainedModelIsLoadedAgain(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path source = FijiTestSupport.modelRoot().resolve(FijiTestSupport.MODEL);
        Path dir = tmp.resolve("m");
        try (var files = Files.walk(source)) {
            for (Path f : (Iterable<Path>) files::iterator) Files.copy(f, dir.resolve(source.relativize(f).toString()));
        }
        ModelCache cache = new ModelCache();
        try (ModelCache.Lease lease = cache.acquire(dir, RuntimeOptions.DEFAULT)) {
            lease.model();
        }
        Path descriptor = dir.resolve(io.github.fijiunet.model.ModelDescriptor.FILE_NAME);
        Files.setLastModifiedTime(descriptor, FileTime.fromMillis(Files.getLastModifiedTime(descriptor).toMillis() + 5000));
        try (ModelCache.Lease lease = cache.acquire(dir, RuntimeOptions.DEFAULT)) {
            lease.model();
        }
        assertEquals(2, cache.loads(), "the folder changed on disk");
    }

    @Test
    void segmentCellsRunsTwiceWithOneLoad() throws Exception {
        ImagePlus image = IJ.openImage(FijiTestSupport.NUCLEI.toString());
        SegmentCellsSettings settings = new SegmentCellsSettings()
                .set(SegmentationOption.MODEL, FijiTestSupport.modelRoot().resolve(FijiTestSupport.MODEL).toString())
                .set(InstanceOption.THRESHOLD, "otsu");
        Macros.releaseModels();
        long before = ModelCache.shared().loads();
        long start = System.nanoTime();
        int firstCount = SegmentCells.segment(image, settings, Progress.NONE, line -> { }).objectCount();
        double firstSeconds = (System.nanoTime() - start) / 1e9;
        start = System.nanoTime();
        int secondCount = SegmentCells.segment(image, settings, Progress.NONE, line -> { }).objectCount();
        double secondSeconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("Segment Cells in one session: first run %.2f s (loads the model), second %.2f s%n", firstSeconds, secondSeconds);
        assertEquals(firstCount, secondCount);
        assertEquals(before + 1, ModelCache.shared().loads(), "one load for both runs");
        Macros.releaseModels();
    }
}
