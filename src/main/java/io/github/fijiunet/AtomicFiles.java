package io.github.fijiunet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Output files that appear whole or not at all: each is written to a hidden sibling
 * ({@code .name.part}) and moved into place when complete. A failed or cancelled run leaves no
 * half-written file under the real name, and an existing file is replaced only when asked.
 */
public final class AtomicFiles {

    /** Writes one file's content to the path it is given. */
    public interface Writer {
        void write(Path part) throws IOException;
    }

    private AtomicFiles() {}

    /**
     * The hidden sibling {@code target} is written to first: {@code .name.part}, or with
     * {@code keepExtension} {@code .stem.part.ext} for writers that pick the format from the
     * extension (ImageJ's). A plain sibling rather than a temporary file: those are owner-only and
     * the mode would stay with the moved file.
     */
    public static Path partOf(Path target, boolean keepExtension) {
        String name = target.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String part = keepExtension && dot > 0 ? "." + name.substring(0, dot) + ".part" + name.substring(dot) : "." + name + ".part";
        return target.resolveSibling(part);
    }

    /** Moves a complete part file onto {@code target}; without {@code overwrite} an existing target is a {@link java.nio.file.FileAlreadyExistsException}. */
    public static void moveIntoPlace(Path part, Path target, boolean overwrite) throws IOException {
        if (overwrite) Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
        else Files.move(part, target);
    }

    /** Creates the folder, writes {@code target} through its part file and moves it into place; the part file goes when anything fails. */
    public static void write(Path target, boolean overwrite, boolean keepExtension, Writer writer) throws IOException {
        Path part = partOf(target.toAbsolutePath(), keepExtension);
        try {
            Files.createDirectories(part.getParent());
            writer.write(part);
            moveIntoPlace(part, target, overwrite);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(part);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }
}
