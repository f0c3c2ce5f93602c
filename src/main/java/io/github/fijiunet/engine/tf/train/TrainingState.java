package io.github.fijiunet.engine.tf.train;

import io.github.fijiunet.train.EpochResult;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import io.github.fijiunet.AtomicFolders;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/** The Java side of a checkpoint (the TF side is the variables' checkpoint beside it): where the run stands. */
final class TrainingState {

    static final String FILE_NAME = "state.json";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();

    long step;
    double bestValidationLoss = Double.POSITIVE_INFINITY;
    int bestEpoch;
    /** The step of the best epoch's checkpoint (0: none yet). */
    long bestStep;
    int epochsWithoutImprovement;
    double trainSeconds;
    long samplesSeen;
    double epochLossSum;
    int epochLossCount;
    boolean stoppedEarly;
    List<EpochResult> history = new ArrayList<>();

    static TrainingState read(Path dir) throws IOException {
        try (Reader r = Files.newBufferedReader(dir.resolve(FILE_NAME), StandardCharsets.UTF_8)) {
            return GSON.fromJson(r, TrainingState.class);
        }
    }

    /**
     * Written beside a finished variables checkpoint, atomically and synced to the disk, so a crash
     * leaves the previous state or this one, never a part of it.
     */
    void write(Path dir) throws IOException {
        Path tmp = dir.resolve(FILE_NAME + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            GSON.toJson(this, w);
        }
        AtomicFolders.syncFile(tmp);
        Files.move(tmp, dir.resolve(FILE_NAME), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        AtomicFolders.syncFolder(dir);
    }
}
