package io.github.fijiunet.engine.tf.train;

import io.github.fijiunet.AtomicFolders;
import org.tensorflow.Session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The checkpoints of a work folder, one folder per saved step ({@code step-<n>}): all variables,
 * optimizer slots included, and the {@link TrainingState}. The state file is written last, after
 * everything else is synced to the disk, and a folder without one does not count; a folder is
 * removed only once a newer one is complete, and the best epoch's folder stays until a better one
 * is complete. No checkpoint folder is ever renamed, so a crash at any moment leaves the newest
 * complete checkpoint and the best one of its run for {@code --resume}.
 */
final class Checkpoints {

    private static final String PREFIX = "step-";
    private static final String VARIABLES = "ckpt";

    private final Path workDir;

    Checkpoints(Path workDir) {
        this.workDir = workDir;
    }

    Path folder(long step) {
        return workDir.resolve(PREFIX + step);
    }

    /** The TF checkpoint prefix of the variables in {@code folder}, for {@code Session.restore}. */
    static String variables(Path folder) {
        return folder.resolve(VARIABLES).toString();
    }

    /** The complete checkpoint of the highest step, or null when there is none. */
    Path newest() throws IOException {
        Path newest = null;
        long newestStep = -1;
        for (Path folder : folders()) {
            long step = step(folder);
            if (step > newestStep && isComplete(folder)) {
                newest = folder;
                newestStep = step;
            }
        }
        return newest;
    }

    /** The weights to export for {@code state}: its best epoch's checkpoint, else its own. */
    Path best(TrainingState state) {
        Path best = folder(state.bestStep);
        return state.bestStep > 0 && isComplete(best) ? best : folder(state.step);
    }

    /** Writes the checkpoint of {@code state.step}, then removes the folders it makes redundant. */
    void save(Session session, TrainingState state) throws IOException {
        Path folder = folder(state.step);
        // Saved again at the same step (cancelled or stopped right after a save): same weights, so only the state changes.
        if (!isComplete(folder)) {
            AtomicFolders.deleteRecursively(folder); // what a crash during this step's save left
            Files.createDirectories(folder);
            session.save(variables(folder));
            AtomicFolders.sync(folder);
        }
        state.write(folder);
        AtomicFolders.syncFolder(workDir);
        removeAllBut(state);
    }

    /** Deletes every checkpoint folder but those of {@code state}'s step and best step (complete or not). */
    void removeAllBut(TrainingState state) throws IOException {
        for (Path folder : folders()) {
            long step = step(folder);
            if (step != state.step && step != state.bestStep) AtomicFolders.deleteRecursively(folder);
        }
    }

    /** Whether the folder has checkpoints of the layout before step folders ({@code last}, {@code last.old}, {@code best}...). */
    boolean holdsEarlierLayout() {
        for (String name : List.of("last", "last.old", "last.new", "best", "best.old", "best.new")) {
            if (Files.isDirectory(workDir.resolve(name))) return true;
        }
        return false;
    }

    private static boolean isComplete(Path folder) {
        return Files.isRegularFile(folder.resolve(TrainingState.FILE_NAME));
    }

    private List<Path> folders() throws IOException {
        List<Path> folders = new ArrayList<>();
        if (!Files.isDirectory(workDir)) return folders;
        try (Stream<Path> entries = Files.list(workDir)) {
            entries.filter(p -> step(p) >= 0 && Files.isDirectory(p)).forEach(folders::add);
        }
        return folders;
    }

    /** The step in a checkpoint folder's name, or -1 for other entries of the work folder. */
    private static long step(Path folder) {
        String name = folder.getFileName().toString();
        if (!name.startsWith(PREFIX)) return -1;
        try {
            long step = Long.parseLong(name.substring(PREFIX.length()));
            return name.equals(PREFIX + step) ? step : -1;
        } catch (NumberFormatException notACheckpoint) {
            return -1;
        }
    }
}
