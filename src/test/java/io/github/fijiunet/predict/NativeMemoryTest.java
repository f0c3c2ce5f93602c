package io.github.fijiunet.predict;

import io.github.fijiunet.CancelledException;
import io.github.fijiunet.Progress;
import io.github.fijiunet.TestModels;
import io.github.fijiunet.model.LoadedModel;
import io.github.fijiunet.model.RuntimeOptions;
import io.github.fijiunet.tensor.ArrayPlane;
import io.github.fijiunet.tensor.ChannelScaling;
import io.github.fijiunet.tensor.Normalization;
import io.github.fijiunet.tensor.Normalizer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Every tensor and result is closed: repeated predictions keep the process's resident memory flat. */
@Tag("native-memory")
class NativeMemoryTest {

    private static final int SIZE = 256;

    static long residentBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
        }
        throw new IllegalStateException("no VmRSS");
    }

    static long collections() {
        long count = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) count += Math.max(0, gc.getCollectionCount());
        return count;
    }

    /** Resident growth over {@code runs} calls of {@code once}, after warming up until two young collections. */
    private static long residentGrowth(Runnable once, int runs) throws IOException {
        // From then on the young generation's pages are resident and the JIT and TensorFlow's
        // allocator have settled.
        long collections = collections();
        for (int i = 0; i < 2000 && collections() < collections + 2; i++) once.run();
        long before = residentBytes();
        long peak = before;
        for (int i = 0; i < runs; i++) {
            once.run();
            peak = Math.max(peak, residentBytes());
        }
        return peak - before;
    }

    @Test
    void aThousandPredictionsAndCancellationsDoNotGrowResidentMemory(@TempDir Path tmp) throws Exception {
        assumeTrue(Files.exists(Path.of("/proc/self/status")), "needs Linux /proc to read RSS");
        try (LoadedModel model = LoadedModel.load(TestModels.exportTinyUNet(tmp.resolve("m"), 1, 2), RuntimeOptions.DEFAULT)) {
            TiledPredictor predictor = new TiledPredictor(model, TilingOptions.DEFAULT);
            ArrayPlane image = TiledPredictorTest.randomImage(SIZE, SIZE, 1);
            ArrayPlane target = ArrayPlane.of(ArrayPlane.Kind.FLOAT32, SIZE, SIZE, new float[SIZE * SIZE], new float[SIZE * SIZE]);
            Runnable once = () -> predictor.predictPlane(image, Normalizer.compute(image, Normalization.percentile(1, 99.8)),
                    target, (d, t, m) -> {}, Progress.NONE);
            long growth = residentGrowth(once, 1000);
            // Leaking the 256 KiB input and 512 KiB output per call would add about 750 MB.
            assertTrue(growth < 48L << 20, "resident memory grew by " + (growth >> 20) + " MB over 1000 predictions");

            // Cancelled after the second of 16 tiles: the tensors in flight are closed too.
            TiledPredictor smallTiles = new TiledPredictor(model, TilingOptions.tileSize(64));
            Runnable cancelled = () -> {
                AtomicInteger tiles = new AtomicInteger();
                Progress cancelAfterTwo = TiledPredictorTest.cancelledWhen(() -> tiles.get() >= 2);
                try {
                    smallTiles.predictPlane(image, ChannelScaling.identity(1), target, (d, t, m) -> tiles.incrementAndGet(), cancelAfterTwo);
                    throw new AssertionError("not cancelled");
                } catch (CancelledException expected) {
                    // what the user asked for
                }
            };
            long cancelledGrowth = residentGrowth(cancelled, 1000);
            assertTrue(cancelledGrowth < 48L << 20, "resident memory grew by " + (cancelledGrowth >> 20) + " MB over 1000 cancelled predictions");
        }
    }
}
