package io.github.fijiunet.bench;

import ij.ImagePlus;
import ij.process.ShortProcessor;
import io.github.fijiunet.AtomicFolders;
import io.github.fijiunet.Progress;
import io.github.fijiunet.io.TiffPlaneFile;
import io.github.fijiunet.model.ComputeDevice;
import io.github.fijiunet.model.LoadedModel;
import io.github.fijiunet.model.Precision;
import io.github.fijiunet.model.RuntimeOptions;
import io.github.fijiunet.segment.BlockSegmenter;
import io.github.fijiunet.segment.SegmentationOptions;
import io.github.fijiunet.workflow.StreamedSegmentation;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A generated 16-bit image (default 32768×32768, 2 GiB of pixels) segmented end to end through
 * the streamed path the CLI takes for such planes. Run it with the heap under test, e.g.
 * {@code java -Xmx4g -cp ... io.github.fijiunet.bench.HugeImage [SIZE] [MODEL_DIR] [float32|bfloat16] [TIFF]}; it prints
 * the time, the objects found against the blobs drawn, and the process's peak RSS and heap. With
 * {@code TIFF}, a first run writes the image there and a second run segments it read in place
 * ({@link TiffPlaneFile}), so the second process never holds the image's pixels.
 */
public final class HugeImage {

    private HugeImage() {}

    public static void main(String[] args) throws IOException {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 32768;
        Path modelDir = Path.of(args.length > 1 ? args[1] : "models/nuclei-unet");
        Precision precision = Precision.parse(args.length > 2 ? args[2] : "float32");
        // With a TIFF path: the first run writes the image there and stops; the next reads it in place, as `fiji-unet segment` does.
        Path tiff = args.length > 3 ? Path.of(args[3]) : null;
        long start = System.nanoTime();
        ImagePlus imp = null;
        int blobs;
        if (tiff != null && Files.isRegularFile(tiff)) {
            blobs = Integer.parseInt(Files.readString(Path.of(tiff + ".blobs")).trim());
        } else {
            SyntheticNuclei nuclei = new SyntheticNuclei(size, 7);
            blobs = nuclei.blobs();
            imp = new ImagePlus("huge", new ShortProcessor(size, size, nuclei.pixels(), null));
            if (tiff != null) {
                if (!new ij.io.FileSaver(imp).saveAsTiff(tiff.toString())) throw new IOException("could not write " + tiff);
                Files.writeString(Path.of(tiff + ".blobs"), String.valueOf(blobs));
                System.out.println("huge  wrote " + tiff + "; run again with the same arguments to segment it in place");
                return;
            }
        }
        double generated = (System.nanoTime() - start) / 1e9;
        Path output = Files.createTempDirectory("fiji-unet-huge");
        try (LoadedModel model = LoadedModel.load(modelDir, new RuntimeOptions(ComputeDevice.CPU, 0, 0, precision))) {
            model.warnings().forEach(System.err::println);
            long segmentStart = System.nanoTime();
            Progress progress = new Progress() {
                private long lastReport;

                @Override
                public void update(long done, long total, String message) {
                    if (System.nanoTime() - lastReport > 60e9) {
                        System.err.println("huge  " + message);
                        lastReport = System.nanoTime();
                    }
                }

                @Override
                public boolean isCancelled() {
                    return false;
                }
            };
            BlockSegmenter.Summary summary;
            if (imp != null) {
                summary = StreamedSegmentation.run(imp, model, SegmentationOptions.defaults(), output, "huge", false, progress);
            } else {
                try (TiffPlaneFile plane = TiffPlaneFile.open(tiff).orElseThrow()) {
                    summary = StreamedSegmentation.run(plane, model, SegmentationOptions.defaults(), output, "huge", false, progress);
                }
            }
            double seconds = (System.nanoTime() - segmentStart) / 1e9;
            long labelBytes = Files.size(output.resolve("huge_labels.tif"));
            System.out.printf("huge  %dx%d 16-bit (%.2f Gpixel) with %s in %s, max heap %d MB: %d objects (%d blobs drawn, %d cut at block borders) "
                            + "in %.0f s (%.2f Mpixel/s; generating the image %.0f s)%n", size, size, (double) size * size / 1e9,
                    modelDir.getFileName(), model.precision().text(), Runtime.getRuntime().maxMemory() >> 20, summary.objectCount(), blobs, summary.cutObjectCount(),
                    seconds, (double) size * size / 1e6 / seconds, generated);
            System.out.printf("huge  peak RSS %d MB, peak heap %d MB; label TIFF %d MB%n", peakRssKilobytes() >> 10, peakHeapBytes() >> 20,
                    labelBytes >> 20);
        } finally {
            AtomicFolders.deleteRecursively(output);
        }
    }

    private static long peakRssKilobytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
        return -1;
    }

    private static long peakHeapBytes() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) peak += pool.getPeakUsage().getUsed();
        }
        return peak;
    }
}
