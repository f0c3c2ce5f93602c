package io.github.fijiunet;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Real images kept in src/test/resources (see the README beside them). */
public final class TestImages {

    /** A 256×256 8-bit DSB2018 fluorescence nuclei image (CC0). */
    public static final String NUCLEI = "/nuclei/f8e74d4006dd68c1.tif";

    private TestImages() {}

    /** Copies a resource to {@code target} and returns it. */
    public static Path copy(String resource, Path target) throws IOException {
        try (InputStream in = TestImages.class.getResourceAsStream(resource)) {
            if (in == null) throw new IOException("missing test resource " + resource);
            Files.createDirectories(target.toAbsolutePath().getParent());
            Files.copy(in, target);
        }
        return target;
    }
}
