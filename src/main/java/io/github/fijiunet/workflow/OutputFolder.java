package io.github.fijiunet.workflow;

import ij.ImagePlus;
import io.github.fijiunet.AtomicFiles;
import io.github.fijiunet.FijiUnetException;
import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.RealPaths;
import io.github.fijiunet.io.ImageFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The folder a segmentation's files go to: the base name of those files, and the check every
 * front end runs before it loads a model, so that a folder that cannot take the results is
 * reported before any compute instead of after it.
 */
public final class OutputFolder {

    /** How a front end names the folder, what else to choose and the overwrite switch, so that messages say what to change there. */
    public static final class Wording {
        public static final Wording CLI = new Wording("--output", "pass --overwrite");
        public static final Wording MACRO = new Wording("output", "add overwrite=true");
        public static final Wording BATCH_MACRO = new Wording("output_dir", "add overwrite=true");
        public static final Wording DIALOG = new Wording("The output folder", "tick \"Overwrite existing outputs\"");
        /** For the one file of the CLI's {@code --csv} (its folder is checked). */
        public static final Wording CLI_CSV = new Wording("The folder of --csv", "another --csv file", "pass --overwrite");
        /** For the {@code csv} file of the Fiji and macro Evaluate Segmentation commands, which never replace one. */
        public static final Wording CSV_OPTION = new Wording("The folder of the CSV file", "another CSV file", "move the old one away");

        private final String folder;
        private final String another;
        private final String overwrite;

        public Wording(String folder, String overwrite) {
            this(folder, "another folder", overwrite);
        }

        public Wording(String folder, String another, String overwrite) {
            this.folder = folder;
            this.another = another;
            this.overwrite = overwrite;
        }
    }

    private OutputFolder() {}

    /**
     * Refuses, before anything is computed, a {@code folder} that is a file, cannot be created or
     * cannot be written to, and (without {@code overwrite}) one where any of {@code outputs} exists.
     * Writing is tried for real (a hidden probe file, created and deleted) because permission bits
     * do not tell: root ignores them, and a read-only mount has them all set. A missing folder is
     * not created here; the probe goes into its nearest existing parent.
     */
    public static void check(Path folder, Collection<Path> outputs, boolean overwrite, Wording wording) {
        String named = wording.folder + " " + folder;
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new InvalidInputException(named + " is a file, not a folder. Give a folder for the results (it is created if missing).");
        }
        Path existing = RealPaths.nearestExisting(folder.toAbsolutePath());
        if (!Files.isDirectory(existing)) {
            throw new InvalidInputException(named + " cannot be created: " + existing
                    + " is a file, not a folder. Give a folder for the results (it is created if missing).");
        }
        try {
            Files.delete(Files.createTempFile(existing, ".fiji-unet-write-test-", ".tmp"));
        } catch (IOException e) {
            String where = existing.equals(folder.toAbsolutePath()) ? " is not writable" : " cannot be created in " + existing;
            throw new FijiUnetException(named + where + " (" + AtomicFiles.reason(e) + "). Choose a folder you can write to.", e);
        }
        if (overwrite) return;
        List<Path> present = outputs.stream().filter(Files::exists).collect(Collectors.toList());
        if (!present.isEmpty()) throw AtomicFiles.existingOutputs(named, present, wording.another, wording.overwrite);
    }

    /** {@link #check} for a single output file, in its folder. */
    public static void checkFile(Path file, boolean overwrite, Wording wording) {
        Path absolute = file.toAbsolutePath();
        check(absolute.getParent(), List.of(absolute), overwrite, wording);
    }

    /**
     * The base of output file names for an open image: its title without the extension, spaces
     * kept, which for an image opened from a file is {@link ImageFiles#baseName(Path)} of that file (ImageJ's
     * short title drops spaces, so "cells A.tif" and "cellsA.tif" would share outputs).
     */
    public static String baseName(ImagePlus imp) {
        String title = imp.getTitle();
        String base = title == null ? "" : ImageFiles.baseName(title.trim());
        return base.isBlank() ? "image" : base;
    }
}
