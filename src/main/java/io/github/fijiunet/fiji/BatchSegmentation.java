package io.github.fijiunet.fiji;

import ij.IJ;
import ij.ImagePlus;
import io.github.fijiunet.AtomicFiles;
import io.github.fijiunet.CancelledException;
import io.github.fijiunet.FijiUnetException;
import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.Progress;
import io.github.fijiunet.model.LoadedModel;
import io.github.fijiunet.post.ObjectMeasurement;
import io.github.fijiunet.predict.TiledPredictor;
import io.github.fijiunet.segment.PlaneSegmentation;
import io.github.fijiunet.segment.SegmentationOptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Segments every image of a folder with one loaded model: for each file (sorted by name) the
 * label TIFF, ROI zip, results CSV and overlay PNG of {@link SegmentationOutput#save}, then one
 * {@value #SUMMARY_FILE} with a row per file. Files that are not images, cannot be read or do not
 * suit the model are skipped with the reason in the summary; the batch never stops for them.
 * Without {@code overwrite} it refuses, before segmenting anything, when any output exists.
 */
public final class BatchSegmentation {

    public static final String SUMMARY_FILE = "summary.csv";
    public static final List<String> IMAGE_EXTENSIONS = List.of("tif", "tiff", "png", "jpg", "jpeg");
    public static final List<String> SUMMARY_COLUMNS = List.of("file", "planes", "objects", "mean_area", "status", "message");

    private BatchSegmentation() {}

    public static BatchReport run(Path inputDir, Path outputDir, LoadedModel model, SegmentationOptions options,
                                  boolean overwrite, Progress progress) {
        List<Path> files = inputFiles(inputDir, outputDir);
        Map<Path, String> baseNames = baseNames(files);
        Path summary = outputDir.resolve(SUMMARY_FILE);
        if (!overwrite) refuseExistingOutputs(files, baseNames, outputDir, summary);
        new TiledPredictor(model, options.tiling()); // refuses tiles the model cannot use once for the run, not once per image

        List<BatchItem> items = new ArrayList<>(files.size());
        try {
            for (int i = 0; i < files.size(); i++) {
                progress.checkCancelled();
                Path file = files.get(i);
                String position = "[" + (i + 1) + "/" + files.size() + "] " + file.getFileName();
                progress.update(i, files.size(), position);
                BatchItem item = segmentOne(file, baseNames.get(file), outputDir, model, options, overwrite,
                        nested(progress, i, files.size(), position));
                items.add(item);
                progress.update(i + 1, files.size(), position + ": " + describe(item));
            }
        } catch (CancelledException e) {
            for (int i = items.size(); i < files.size(); i++) {
                items.add(BatchItem.notSegmented(files.get(i).getFileName().toString(), BatchStatus.CANCELLED, "cancelled before this file"));
            }
            writeSummary(summary, items, overwrite);
            throw e;
        }
        writeSummary(summary, items, overwrite);
        return new BatchReport(items, summary);
    }

    private static List<Path> inputFiles(Path inputDir, Path outputDir) {
        if (inputDir == null || !Files.isDirectory(inputDir)) {
            throw new InvalidInputException("The input folder " + inputDir + " does not exist or is not a folder. Give the folder that holds the images.");
        }
        if (outputDir == null) throw new InvalidInputException("No output folder given. Choose a folder for the results.");
        if (inputDir.toAbsolutePath().normalize().equals(outputDir.toAbsolutePath().normalize())) {
            throw new InvalidInputException("The output folder is the input folder " + inputDir
                    + "; the results would be read as inputs next time. Choose a separate output folder.");
        }
        List<Path> files;
        try (Stream<Path> entries = Files.list(inputDir)) {
            files = entries.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new FijiUnetException("Cannot list the input folder " + inputDir + ": " + e.getMessage() + ". Check that you can read it.", e);
        }
        if (files.isEmpty()) {
            throw new InvalidInputException("The input folder " + inputDir + " holds no files. Give a folder of "
                    + String.join("/", IMAGE_EXTENSIONS) + " images.");
        }
        return files;
    }

    /** File name without extension; inputs that would share one keep their extension ({@code a_png}). */
    private static Map<Path, String> baseNames(List<Path> files) {
        Map<String, Integer> uses = new HashMap<>();
        for (Path f : files) uses.merge(stripExtension(f), 1, Integer::sum);
        Map<Path, String> names = new HashMap<>();
        for (Path f : files) {
            String base = stripExtension(f);
            names.put(f, uses.get(base) > 1 ? f.getFileName().toString().replace('.', '_') : base);
        }
        return names;
    }

    private static String stripExtension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static boolean isImageFile(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && IMAGE_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private static void refuseExistingOutputs(List<Path> files, Map<Path, String> baseNames, Path outputDir, Path summary) {
        List<Path> existing = new ArrayList<>();
        if (Files.exists(summary)) existing.add(summary);
        for (Path f : files) {
            if (!isImageFile(f)) continue;
            for (Path out : SegmentationOutput.filesFor(outputDir, baseNames.get(f))) if (Files.exists(out)) existing.add(out);
        }
        if (!existing.isEmpty()) {
            String shown = existing.stream().limit(5).map(Path::toString).collect(Collectors.joining(", "));
            throw new InvalidInputException("The output folder already holds results of an earlier run (" + shown
                    + (existing.size() > 5 ? " and " + (existing.size() - 5) + " more" : "")
                    + "). Choose another output folder, or allow overwriting (--overwrite).");
        }
    }

    private static BatchItem segmentOne(Path file, String baseName, Path outputDir, LoadedModel model, SegmentationOptions options,
                                        boolean overwrite, Progress progress) {
        String name = file.getFileName().toString();
        if (!isImageFile(file)) {
            return BatchItem.notSegmented(name, BatchStatus.SKIPPED, "not an image file (" + String.join(", ", IMAGE_EXTENSIONS) + ")");
        }
        ImagePlus imp;
        try {
            imp = IJ.openImage(file.toString());
        } catch (RuntimeException e) {
            imp = null;
        }
        if (imp == null) {
            return BatchItem.notSegmented(name, BatchStatus.SKIPPED, "ImageJ cannot read it (damaged or unsupported format)");
        }
        try {
            SegmentationOutput output = ImageSegmentation.run(imp, model, options, progress);
            output.save(outputDir, baseName, overwrite);
            return new BatchItem(name, BatchStatus.OK, imp.getNSlices() * imp.getNFrames(), output.objectCount(),
                    meanArea(output.planes()), baseName);
        } catch (CancelledException e) {
            throw e;
        } catch (InvalidInputException e) {
            return BatchItem.notSegmented(name, BatchStatus.SKIPPED, e.getMessage());
        } catch (RuntimeException e) {
            String reason = e instanceof FijiUnetException ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
            return BatchItem.notSegmented(name, BatchStatus.FAILED, reason);
        } finally {
            imp.close();
        }
    }

    private static double meanArea(List<PlaneSegmentation> planes) {
        double sum = 0;
        long count = 0;
        for (PlaneSegmentation p : planes) {
            for (ObjectMeasurement m : p.measurements()) {
                sum += m.area();
                count++;
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }

    /** The file's own progress inside the batch's, cancelled with it. */
    private static Progress nested(Progress batch, int index, int files, String position) {
        return new Progress() {
            @Override
            public void update(long done, long total, String message) {
                batch.update(index, files, position + ": " + message);
            }

            @Override
            public boolean isCancelled() {
                return batch.isCancelled();
            }
        };
    }

    private static String describe(BatchItem item) {
        return item.status() == BatchStatus.OK ? item.objects() + " objects" : item.status().name().toLowerCase(Locale.ROOT) + " (" + item.message() + ")";
    }

    /** The summary as CSV lines: header, then one row per item. */
    public static List<String> summaryLines(List<BatchItem> items) {
        List<String> lines = new ArrayList<>(items.size() + 1);
        lines.add(String.join(",", SUMMARY_COLUMNS));
        for (BatchItem item : items) {
            String meanArea = Double.isNaN(item.meanArea()) ? "" : String.format(Locale.ROOT, "%.4f", item.meanArea());
            lines.add(String.join(",", csv(item.file()), String.valueOf(item.planes()), String.valueOf(item.objects()), meanArea,
                    item.status().name(), csv(item.message())));
        }
        return lines;
    }

    private static String csv(String text) {
        String t = text == null ? "" : text.replace('\n', ' ');
        return t.contains(",") || t.contains("\"") ? "\"" + t.replace("\"", "\"\"") + "\"" : t;
    }

    private static void writeSummary(Path summary, List<BatchItem> items, boolean overwrite) {
        try {
            AtomicFiles.write(summary, overwrite, false, part -> Files.write(part, summaryLines(items), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new FijiUnetException("Could not write the batch summary " + summary + ": " + e.getMessage()
                    + ". Check that the output folder is writable and has space.", e);
        }
    }
}
