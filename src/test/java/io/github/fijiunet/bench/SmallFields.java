package io.github.fijiunet.bench;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ImageProcessor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A folder of small high-content fields for the batch benchmarks: 256² top-left crops of the
 * bundled DSB images, flipped and rotated so that the repeats differ.
 */
final class SmallFields {

    static final int SIDE = 256;

    private SmallFields() {}

    /** Writes {@code count} fields as {@code field0000.tif}… into {@code folder} (created) and returns it. */
    static Path write(Path folder, int count) throws IOException {
        Files.createDirectories(folder);
        List<Path> sources;
        try (Stream<Path> files = Files.list(Path.of("test-images", "nuclei", "images"))) {
            sources = files.sorted().collect(Collectors.toList());
        }
        for (int i = 0; i < count; i++) {
            ImageProcessor ip = IJ.openImage(sources.get(i % sources.size()).toString()).getProcessor();
            ip.setRoi(0, 0, Math.min(SIDE, ip.getWidth()), Math.min(SIDE, ip.getHeight()));
            ImageProcessor crop = ip.crop();
            if ((i / sources.size()) % 2 == 1) crop.flipHorizontal();
            if ((i / sources.size()) % 4 >= 2) crop = crop.rotateRight();
            new FileSaver(new ImagePlus("f", crop)).saveAsTiff(folder.resolve(String.format(Locale.ROOT, "field%04d.tif", i)).toString());
        }
        return folder;
    }
}
