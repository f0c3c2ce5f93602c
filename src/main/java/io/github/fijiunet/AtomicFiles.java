package io.github.fijiunet;

import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Output files that appear whole or not at all, and as a set from one run. Each file is written
 * through our own streams (so a full disk is an error, not a short file) to a hidden sibling part
 * file unique to this process and call; {@link OutputSet#commit} syncs every part to disk and only
 * then moves them all into place, under an exclusive lock on the set's name in that folder, so two
 * runs writing the same outputs never mix their files. Whatever fails, the part files go and the
 * files already there stay as they were.
 */
public final class AtomicFiles {

    /** Writes one file's bytes; it may close {@code out} (that only flushes). */
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private static final AtomicLong CALLS = new AtomicLong();
    private static final String PROCESS = Long.toString(ProcessHandle.current().pid());
    /** How often a lock is retaken after its file was removed under it by the run before. */
    private static final int LOCK_ATTEMPTS = 8;

    /** Existing outputs named in a refusal; the rest are counted. */
    private static final int SHOWN_FILES = 5;

    private AtomicFiles() {}

    /**
     * The refusal of outputs that exist, worded alike by the check front ends run before any
     * compute ({@code OutputFolder.check}) and by {@link OutputSet} at commit (a race with another
     * run): "{@code folder} already holds results of an earlier run (files). Choose {@code another},
     * or {@code overwrite}."
     */
    public static InvalidInputException existingOutputs(String folder, List<Path> existing, String another, String overwrite) {
        return existingOutputs(folder, existing, "an earlier run", "", another, overwrite);
    }

    private static InvalidInputException existingOutputs(String folder, List<Path> existing, String run, String note, String another,
                                                         String overwrite) {
        StringBuilder shown = new StringBuilder();
        for (int i = 0; i < Math.min(existing.size(), SHOWN_FILES); i++) shown.append(i > 0 ? ", " : "").append(existing.get(i));
        int more = existing.size() - SHOWN_FILES;
        return new InvalidInputException(folder + " already holds results of " + run + " (" + shown
                + (more > 0 ? " and " + more + " more" : "") + ")" + note + ". Choose " + another + ", or " + overwrite + ".");
    }

    /** Writes {@code target} alone: a set of one, locked under the file's own name. */
    public static void write(Path target, boolean overwrite, Content content) {
        Path absolute = target.toAbsolutePath();
        try (OutputSet set = new OutputSet(absolute.getFileName().toString(), List.of(absolute), overwrite)) {
            set.write(absolute, content);
            set.commit();
        }
    }

    /** Text lines, each ended by the platform's line separator (as {@link Files#write(Path, Iterable, java.nio.file.OpenOption...)}). */
    public static Content lines(List<String> lines) {
        return out -> {
            try (BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8))) {
                for (String line : lines) {
                    writer.write(line);
                    writer.newLine();
                }
            }
        };
    }

    /** The error for a failed write of {@code target}: the file, the cause and the fix. */
    public static FijiUnetException writeFailed(Path target, IOException e) {
        return new FijiUnetException("Could not write " + target + " (" + reason(e) + "); no existing file was replaced. "
                + "Free some disk space, or choose another output folder you can write to.", e);
    }

    /** "No space left on device", "permission denied": what went wrong, without Java's exception names. */
    public static String reason(IOException e) {
        // Image writers wrap the stream's error in their own ("I/O error writing PNG file!").
        if (e.getCause() instanceof IOException) return reason((IOException) e.getCause());
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof NoSuchFileException) return "the folder is gone";
        if (e instanceof FileSystemException && ((FileSystemException) e).getReason() != null) return ((FileSystemException) e).getReason();
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /**
     * The hidden sibling {@code target} is written to first, {@code .name.<pid>-<n>.part}: unique to
     * this process and call, so concurrent runs never write into each other's parts, and in the same
     * folder, so the move into place is an atomic rename. A plain sibling rather than a temporary
     * file: those are owner-only and the mode would stay with the moved file.
     */
    static Path partOf(Path target) {
        return target.resolveSibling("." + target.getFileName() + "." + PROCESS + "-" + CALLS.incrementAndGet() + ".part");
    }

    /** One file of a set being written to its part file. */
    public static final class Part {
        private final Path target;
        private final Path path;
        private final FileChannel channel;
        private OutputStream stream;

        private Part(Path target) throws IOException {
            this.target = target;
            FileChannel opened = null;
            Path candidate = null;
            // CREATE_NEW: a part left by a killed run whose pid came back is skipped, never shared.
            while (opened == null) {
                candidate = partOf(target);
                try {
                    opened = FileChannel.open(candidate, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
                } catch (FileAlreadyExistsException taken) {
                    // next name
                }
            }
            this.path = candidate;
            this.channel = opened;
        }

        /** The file this part becomes. */
        public Path target() {
            return target;
        }

        /** For writers that place bytes themselves (positional writes); synced and closed by {@link OutputSet#commit}. */
        public FileChannel channel() {
            return channel;
        }

        /** A buffered stream onto the part; closing it only flushes, the set syncs and closes the file. */
        public OutputStream stream() {
            if (stream == null) {
                OutputStream file = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                stream = new FilterOutputStream(file) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len);
                    }

                    @Override
                    public void close() throws IOException {
                        flush();
                    }
                };
            }
            return stream;
        }

        /** Everything written reaches the disk before the rename, or a crash could leave a renamed but empty file. */
        private void sync() throws IOException {
            if (stream != null) stream.flush();
            channel.force(true);
            channel.close();
        }

        private void discard() throws IOException {
            channel.close();
            Files.deleteIfExists(path);
        }
    }

    /**
     * The files one run writes for one name (e.g. an image's labels, ROIs, results and overlay),
     * all in one folder. Open a {@link Part} per file (or {@link #write} one), then {@link #commit};
     * {@link #close} removes every part not committed.
     */
    public static final class OutputSet implements AutoCloseable {
        private final Path folder;
        private final Path lockFile;
        private final List<Path> targets;
        private final boolean overwrite;
        private final Map<Path, Part> parts = new LinkedHashMap<>();
        private boolean committed;

        /**
         * Checks that none of {@code targets} exists unless {@code overwrite}, and creates their
         * folder. {@code name} names the lock ({@code .name.lock} next to the targets): every run
         * writing the same targets must use the same name.
         */
        public OutputSet(String name, List<Path> targets, boolean overwrite) {
            this.targets = List.copyOf(targets);
            this.folder = this.targets.get(0).toAbsolutePath().getParent();
            for (Path t : this.targets) {
                if (!t.toAbsolutePath().getParent().equals(folder)) throw new IllegalArgumentException(t + " is not in " + folder);
            }
            this.lockFile = folder.resolve("." + name + ".lock");
            this.overwrite = overwrite;
            if (!overwrite) refuseExisting("an earlier run", "");
            try {
                Files.createDirectories(folder);
            } catch (IOException e) {
                throw new FijiUnetException("Cannot create the output folder " + folder + " (" + reason(e) + "). Choose a folder you can write to.", e);
            }
        }

        private void refuseExisting(String run, String note) {
            List<Path> existing = new ArrayList<>();
            for (Path t : targets) if (Files.exists(t)) existing.add(t);
            if (!existing.isEmpty()) {
                throw existingOutputs("The output folder " + folder, existing, run, note, "another folder", "allow overwriting");
            }
        }

        /** Starts the part file of {@code target}, one of the set's targets. */
        public Part open(Path target) {
            if (!targets.contains(target) || parts.containsKey(target)) throw new IllegalArgumentException("not a target, or opened twice: " + target);
            try {
                Part part = new Part(target);
                parts.put(target, part);
                return part;
            } catch (IOException e) {
                throw writeFailed(target, e);
            }
        }

        /** Writes {@code target}'s whole content to its part file. */
        public void write(Path target, Content content) {
            Part part = open(target);
            try {
                content.writeTo(part.stream());
                part.stream().flush();
            } catch (IOException e) {
                throw writeFailed(target, e);
            }
        }

        /**
         * Syncs every part, then, holding the set's lock, moves them all into place and syncs the
         * folder. A run that finds the lock held fails, leaving the other run's files as they are.
         */
        public void commit() {
            if (!parts.keySet().containsAll(targets)) throw new IllegalStateException("not every target was written: " + targets);
            for (Part p : parts.values()) {
                try {
                    p.sync();
                } catch (IOException e) {
                    throw writeFailed(p.target, e);
                }
            }
            try (CommitLock lock = CommitLock.take(lockFile)) {
                if (lock == null) {
                    throw new FijiUnetException("Another run is saving " + targets + " at this moment; this run's results were not saved "
                            + "and the other run's files were left as they are. Let the other run finish, or save to another output folder.");
                }
                if (!overwrite) refuseExisting("another run, saved while this one ran", "; this run's results were not saved");
                moveAll();
            } catch (IOException e) {
                throw new FijiUnetException("Could not lock " + lockFile + " (" + reason(e) + "). Choose an output folder you can write to.", e);
            }
            try {
                AtomicFolders.syncFolder(folder);
            } catch (IOException e) {
                throw new FijiUnetException("Wrote " + targets + " but could not sync the folder to disk (" + reason(e)
                        + "); they may be lost if the machine stops now. Check the disk.", e);
            }
        }

        private void moveAll() {
            List<Path> moved = new ArrayList<>();
            for (Part p : parts.values()) {
                try {
                    // Same folder: a rename, and with overwrite an atomic replace of the old file.
                    if (overwrite) Files.move(p.path, p.target, StandardCopyOption.ATOMIC_MOVE);
                    else Files.move(p.path, p.target);
                    moved.add(p.target);
                } catch (IOException e) {
                    if (moved.isEmpty()) throw writeFailed(p.target, e);
                    throw new FijiUnetException("Could not move " + p.target + " into place (" + reason(e) + ") after " + moved
                            + " had been; run again to write the whole set. Check that the folder is writable.", e);
                }
            }
            committed = true;
        }

        /** Removes the part files of an uncommitted set. */
        @Override
        public void close() {
            IOException failed = null;
            for (Part p : parts.values()) {
                try {
                    if (!committed) p.discard();
                } catch (IOException e) {
                    failed = e;
                }
            }
            if (failed != null) throw new FijiUnetException("Could not remove the unfinished part files in " + folder + " (" + reason(failed) + ").", failed);
        }
    }

    /**
     * The exclusive lock of one set: an OS lock on a hidden lock file, released when the process
     * ends, however it ends. The holder deletes the file before releasing it, so a run that opened
     * it just before may lock a file no longer there: after locking, a holder checks that the name
     * still leads to the file it opened (the same file key, read without opening the file: closing
     * any other descriptor of a locked file drops the process's POSIX lock, which reading a token
     * back through the name did, letting two runs commit at once), else takes the lock again.
     * Where the system has no file keys (Windows), an open file cannot be deleted, so the name
     * cannot move away from the file.
     */
    private static final class CommitLock implements AutoCloseable {
        /**
         * Lock files this JVM holds. Checked before opening one: closing a second channel on a
         * locked file would drop the first one's lock in the OS (POSIX locks belong to the process).
         */
        private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();
        private final Path file;
        private final FileChannel channel;

        private CommitLock(Path file, FileChannel channel) {
            this.file = file;
            this.channel = channel;
        }

        /** The lock, or null when another run holds it. */
        static CommitLock take(Path file) throws IOException {
            if (!HELD.add(file)) return null;
            try {
                CommitLock lock = lock(file);
                if (lock == null) HELD.remove(file);
                return lock;
            } catch (IOException | RuntimeException e) {
                HELD.remove(file);
                throw e;
            }
        }

        private static CommitLock lock(Path file) throws IOException {
            for (int attempt = 0; attempt < LOCK_ATTEMPTS; attempt++) {
                Object before = fileKey(file);
                FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
                try {
                    Object opened = fileKey(file);
                    if (before != null && !before.equals(opened)) {
                        channel.close(); // replaced while it was being opened: which file the channel has is unknown
                        continue;
                    }
                    FileLock lock;
                    try {
                        lock = channel.tryLock();
                    } catch (OverlappingFileLockException sameProcess) {
                        lock = null;
                    }
                    if (lock == null) {
                        channel.close();
                        return null;
                    }
                    if (opened == null || opened.equals(fileKey(file))) return new CommitLock(file, channel);
                    channel.close();
                } catch (IOException | RuntimeException e) {
                    channel.close();
                    throw e;
                }
            }
            throw new IOException("the lock file kept disappearing");
        }

        /** The file's identity (device and inode), without opening it; null where it is missing or the system has none. */
        private static Object fileKey(Path file) throws IOException {
            try {
                return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
            } catch (NoSuchFileException removed) {
                return null;
            }
        }

        @Override
        public void close() throws IOException {
            try {
                Files.deleteIfExists(file);
            } catch (IOException staysBehind) {
                // Harmless: the next holder locks it and finds the name still leads to it.
            }
            try {
                channel.close();
            } finally {
                HELD.remove(file);
            }
        }
    }
}
