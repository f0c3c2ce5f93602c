package io.github.fijiunet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Paths compared as the folders they name: every symbolic link and {@code ..} resolved, also for a
 * path that does not exist yet (through its nearest existing parent), so that two spellings of one
 * folder compare equal and containment checks cannot be fooled by a link.
 */
public final class RealPaths {

    private RealPaths() {}

    /** {@code path} with links resolved as far as it exists; the absolute normalised path where that fails. */
    public static Path of(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Path existing = nearestExisting(absolute);
        try {
            return existing.toRealPath().resolve(existing.relativize(absolute));
        } catch (IOException e) {
            return absolute;
        }
    }

    /** {@code absolute} itself if it exists, else its closest parent that does (the root at worst). */
    public static Path nearestExisting(Path absolute) {
        Path p = absolute;
        while (p.getParent() != null && !Files.exists(p)) p = p.getParent();
        return p;
    }
}
