package io.github.fijiunet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Real images of the repository's test-images/ folder (sources and licences in its README). */
public final class TestImages {

    /** A 256×256 8-bit DSB2018 fluorescence nuclei image (CC0, validation split). */
    public static final Path NUCLEI = Path.of("test-images", "nuclei", "images", "00071198d059ba7f.tif");

    /** The first 200 Fashion-MNIST test images as a 28×28×200 stack (MIT). */
    public static final Path FASHION_MNIST = Path.of("test-images", "fashion-mnist", "t10k-first200.tif");

    private TestImages() {}

    /** Copies a test image to {@code target} (creating its folder) and returns the copy. */
    public static Path copy(Path image, Path target) throws IOException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        return Files.copy(image, target);
    }
}
