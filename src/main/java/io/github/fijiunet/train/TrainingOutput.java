package io.github.fijiunet.train;

import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.RealPaths;
import io.github.fijiunet.model.ModelDescriptor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/** Which output folders a training run may replace with its model. */
public final class TrainingOutput {

    private TrainingOutput() {}

    /**
     * Refuses an output folder that the export, which replaces the whole folder, must not touch:
     * one that is or holds the working directory, the work folder or one of {@code inputs} (the
     * training data); a file; a folder with anything but a model in it; a model unless
     * {@code overwrite}. A new or empty folder is fine. Training checks this first and again
     * before the swap; front ends call it before reading the data.
     */
    public static void check(TrainingOptions options, Path... inputs) {
        Path out = RealPaths.of(options.outputDir);
        refuseIfInside(options, out, Path.of(""), "the working directory");
        refuseIfInside(options, out, options.workDir, "the work folder");
        for (Path input : inputs) if (input != null) refuseIfInside(options, out, input, "the training data " + input);
        if (!Files.exists(out)) return;
        if (!Files.isDirectory(out)) {
            throw new InvalidInputException("The output model folder " + options.outputDir + " is a file. Choose a folder for the model (--out).");
        }
        if (Files.isRegularFile(out.resolve(ModelDescriptor.FILE_NAME))) {
            if (options.overwrite) return;
            throw new InvalidInputException("The output folder " + options.outputDir + " holds a model already. Replace it (--overwrite)"
                    + " or choose another output folder (--out).");
        }
        try (Stream<Path> entries = Files.list(out)) {
            Optional<Path> entry = entries.findFirst();
            if (entry.isPresent()) {
                throw new InvalidInputException("The output folder " + options.outputDir + " is not empty (it holds "
                        + entry.get().getFileName() + ") and is not a fiji-unet model folder; the model would replace all of it."
                        + " Choose a new or empty folder (--out).");
            }
        } catch (IOException e) {
            throw new InvalidInputException("Cannot read the output folder " + options.outputDir + ": " + e.getMessage()
                    + ". Check its permissions or choose another folder (--out).");
        }
    }

    private static void refuseIfInside(TrainingOptions options, Path out, Path path, String what) {
        if (RealPaths.of(path).startsWith(out)) {
            throw new InvalidInputException("The output folder " + options.outputDir + " is or holds " + what
                    + ", which the model would replace. Choose a folder of its own for the model (--out), e.g. a new sub-folder.");
        }
    }
}
