package io.github.fijiunet;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Folders that are replaced whole or not at all: the new folder is written in a unique hidden
 * sibling ({@code .name.new-<random>}), synced to the disk, and swapped in; an existing folder is
 * moved aside to another unique hidden sibling ({@code .name.old-<random>}) and deleted only once
 * the new one is in place, and put back if the swap fails. Scratch names are created fresh, so they
 * never take over a folder of the user's.
 */
public final class AtomicFolders {

    /** Fills the (empty, existing) staging folder it is given. */
    public interface Writer {
        void write(Path staging) throws IOException;
    }

    private static final int NAME_ATTEMPTS = 100;

    private AtomicFolders() {}

    /**
     * Writes {@code target} through a staging sibling and swaps it in, replacing any folder there;
     * the staging folder goes when anything fails, and the old folder is then left as it was.
     */
    public static void write(Path target, Writer writer) throws IOException {
        Path absolute = target.toAbsolutePath().normalize();
        Files.createDirectories(absolute.getParent());
        Path staging = createHiddenSibling(absolute, "new");
        try {
            writer.write(staging);
            sync(staging);
            replace(staging, absolute);
        } catch (IOException | RuntimeException e) {
            try {
                deleteRecursively(staging);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /** A new empty folder beside {@code target}, named {@code .name.purpose-<random>}; never an existing path. */
    public static Path createHiddenSibling(Path target, String purpose) throws IOException {
        for (int attempt = 0; ; attempt++) {
            try {
                return Files.createDirectory(hiddenSiblingName(target, purpose));
            } catch (FileAlreadyExistsException e) {
                if (attempt == NAME_ATTEMPTS) throw e;
            }
        }
    }

    /**
     * Moves the complete folder {@code staging} to {@code target}. An existing {@code target} is
     * first moved to a unique hidden sibling, restored if the move of {@code staging} fails, and
     * deleted last.
     */
    public static void replace(Path staging, Path target) throws IOException {
        Path backup = Files.exists(target, LinkOption.NOFOLLOW_LINKS) ? moveAside(target) : null;
        try {
            Files.move(staging, target);
        } catch (IOException | RuntimeException e) {
            if (backup != null) {
                try {
                    Files.move(backup, target);
                } catch (IOException restore) {
                    e.addSuppressed(restore);
                }
            }
            throw e;
        }
        syncFolder(target.toAbsolutePath().getParent());
        if (backup != null) deleteRecursively(backup);
    }

    /** Renames {@code target} to a fresh hidden sibling; a move never replaces an existing path without REPLACE_EXISTING. */
    private static Path moveAside(Path target) throws IOException {
        for (int attempt = 0; ; attempt++) {
            try {
                return Files.move(target, hiddenSiblingName(target, "old"));
            } catch (FileAlreadyExistsException e) {
                if (attempt == NAME_ATTEMPTS) throw e;
            }
        }
    }

    private static Path hiddenSiblingName(Path target, String purpose) {
        String random = UUID.randomUUID().toString().substring(0, 8);
        return target.resolveSibling("." + target.getFileName() + "." + purpose + "-" + random);
    }

    /**
     * Flushes every file and folder under {@code root} to the disk, so that a rename that
     * publishes them cannot survive a crash that their content does not.
     */
    public static void sync(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) syncFolder(p);
                else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) syncFile(p);
            }
        }
    }

    public static void syncFile(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** Flushes a folder's entries (new names, renames); a no-op where folders cannot be opened (Windows). */
    public static void syncFolder(Path folder) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(folder, StandardOpenOption.READ);
        } catch (IOException notSupported) {
            return; // Windows cannot open a folder as a channel; NTFS journals the renames itself.
        }
        try (channel) {
            channel.force(true);
        }
    }

    /** Deletes a file or a folder with everything in it; links are deleted, not followed. Nothing there is fine. */
    public static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) return;
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) Files.delete(p);
        }
    }
}
