package io.github.fijiunet.workflow;

import ij.ImagePlus;
import ij.measure.ResultsTable;
import io.github.fijiunet.AtomicFiles;
import io.github.fijiunet.CancelledException;
import io.github.fijiunet.FijiUnetException;
import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.Progress;
import io.github.fijiunet.RealPaths;
import io.github.fijiunet.io.Csv;
import io.github.fijiunet.io.ImageFiles;
import io.github.fijiunet.model.LoadedModel;
import io.github.fijiunet.post.ObjectMeasurement;
import io.github.fijiunet.predict.TiledPredictor;
import io.github.fijiunet.segment.PlaneSegmentation;
import io.github.fijiunet.segment.SegmentationOptions;

import java.io.IOException;
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
 * fiji-unet's own outputs in the input folder are not inputs. {@link #prepare} checks the folders
 * before the model is loaded; without {@code overwrite} it refuses when any output exists.
 */
public final class BatchSegmentation {

    public static final String SUMMARY_FILE = "summary.csv";
    public static final List<String> SUMMARY_COLUMNS = List.of("file", "planes", "objects", "mean_area", "status", "message");

    /** The endings of what {@link SegmentationOutput#save} writes ("_labels", ...), any extension: never inputs. */
    private static final List<String> OUTPUT_ENDINGS = SegmentationOutput.filesFor(Path.of(""), "").stream()
            .map(ImageFiles::baseName).collect(Collectors.toList());

    private final List<Path> files;
    private final Map<Path, String> baseNames;
    private final Path outputDir;
    private final Path summary;
    private final boolean overwrite;
    private final boolean resume;

    private BatchSegmentation(List<Path> files, Path outputDir, boolean overwrite, boolean resume) {
        this.files = files;
        this.baseNames = baseNames(files);
        this.outputDir = outputDir;
        this.summary = outputDir.resolve(SUMMARY_FILE);
        this.overwrite = overwrite;
        this.resume = resume;
    }

    /**
     * Lists the inputs and checks the output folder ({@link OutputFolder#check}): call it before
     * loading the model, so that a folder that cannot take the results fails before any compute.
     */
    public static BatchSegmentation prepare(Path inputDir, Path outputDir, boolean overwrite, OutputFolder.Wording wording) {
        return prepare(inputDir, outputDir, overwrite, false, wording);
    }

    /**
     * As {@link #prepare(Path, Path, boolean, OutputFolder.Wording)}; with {@code resume}, images
     * whose outputs an earlier run left complete are kept (status {@link BatchStatus#KEPT}) and
     * the others segmented, so a stopped batch continues where it stopped. An image with only some
     * of its outputs is still refused without {@code overwrite}: someone changed them.
     */
    public static BatchSegmentation prepare(Path inputDir, Path outputDir, boolean overwrite, boolean resume, OutputFolder.Wording wording) {
        BatchSegmentation batch = new BatchSegmentation(inputFiles(inputDir, outputDir), outputDir, overwrite, resume);
        OutputFolder.check(outputDir, batch.outputs(), overwrite, wording);
        return batch;
    }

    public BatchReport run(LoadedModel model, SegmentationOptions options, Progress progress) {
        new TiledPredictor(model, options.tiling()); // refuses tiles the model cannot use once for the run, not once per image
        List<BatchItem> items = new ArrayList<>(files.size());
        try {
            for (int i = 0; i < files.size(); i++) {
                progress.checkCancelled();
                Path file = files.get(i);
                String position = "[" + (i + 1) + "/" + files.size() + "] " + file.getFileName();
                progress.update(i, files.size(), position);
                BatchItem item = resume && isImageFile(file) && complete(file) ? kept(file)
                        : segmentOne(file, baseNames.get(file), outputDir, model, options, overwrite, nested(progress, i, files.size(), position));
                items.add(item);
                progress.update(i + 1, files.size(), position + ": " + describe(item));
            }
        } catch (CancelledException e) {
            for (int i = items.size(); i < files.size(); i++) {
                items.add(BatchItem.notSegmented(files.get(i).getFileName().toString(), BatchStatus.CANCELLED, "cancelled before this file"));
            }
            writeSummary(summary, items, overwrite || resume);
            throw e;
        }
        writeSummary(summary, items, overwrite || resume);
        return new BatchReport(items, summary);
    }

    private static List<Path> inputFiles(Path inputDir, Path outputDir) {
        if (inputDir == null || !Files.isDirectory(inputDir)) {
            throw new InvalidInputException("The input folder " + inputDir + " does not exist or is not a folder. Give the folder that holds the images.");
        }
        if (outputDir == null) throw new InvalidInputException("No output folder given. Choose a folder for the results.");
        // Real paths: a symbolic link (or a path through one) to the input folder is the input folder. A
        // sub-folder is fine: the listing does not descend into folders, so it never sees the results.
        if (RealPaths.of(inputDir).equals(RealPaths.of(outputDir))) {
            throw new InvalidInputException("The output folder " + outputDir + " is the input folder " + inputDir
                    + "; the results would be read as inputs next time. Choose a separate output folder.");
        }
        List<Path> files;
        try (Stream<Path> entries = Files.list(inputDir)) {
            files = entries.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> !isOutput(p))
                    .sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new FijiUnetException("Cannot list the input folder " + inputDir + ": " + e.getMessage() + ". Check that you can read it.", e);
        }
        if (files.isEmpty()) {
            throw new InvalidInputException("The input folder " + inputDir + " holds no files (fiji-unet's own outputs do not count). Give a folder of "
                    + String.join("/", ImageFiles.IMAGE_EXTENSIONS) + " images.");
        }
        return files;
    }

    /** A file fiji-unet writes: {@value #SUMMARY_FILE}, or a name ending in one of {@link #OUTPUT_ENDINGS} before its extension. */
    private static boolean isOutput(Path file) {
        if (file.getFileName().toString().equals(SUMMARY_FILE)) return true;
        String base = ImageFiles.baseName(file);
        return OUTPUT_ENDINGS.stream().anyMatch(base::endsWith);
    }

    /** Every file the batch may write: the summary and each image's outputs (resuming: not the complete ones, nor the summary it replaces). */
    private List<Path> outputs() {
        List<Path> outputs = new ArrayList<>();
        if (!resume) outputs.add(summary);
        for (Path f : files) {
            if (isImageFile(f) && !(resume && complete(f))) outputs.addAll(SegmentationOutput.filesFor(outputDir, baseNames.get(f)));
        }
        return outputs;
    }

    /** Whether every output of {@code file} is in the output folder (outputs are written as one set, so all or none). */
    private boolean complete(Path file) {
        return SegmentationOutput.filesFor(outputDir, baseNames.get(file)).stream().allMatch(Files::isRegularFile);
    }

    /** The summary row of an image whose earlier outputs are kept, read back from its results CSV (as ImageJ opens it). */
    private BatchItem kept(Path file) {
        String name = file.getFileName().toString();
        Path csv = SegmentationOutput.filesFor(outputDir, baseNames.get(file)).stream().filter(p -> p.toString().endsWith(".csv"))
                .findFirst().orElseThrow();
        ResultsTable results = ResultsTable.open2(csv.toString());
        if (results == null) {
            return new BatchItem(name, BatchStatus.KEPT, 0, 0, Double.NaN, "kept from an earlier run (its results CSV could not be read)");
        }
        return new BatchItem(name, BatchStatus.KEPT, (int) column(results, ResultsTables.PLANE).max().orElse(1), results.size(),
                column(results, ResultsTables.AREA).average().orElse(Double.NaN), "kept from an earlier run");
    }

    private static java.util.stream.DoubleStream column(ResultsTable table, String heading) {
        int index = table.getColumnIndex(heading);
        return table.size() == 0 || index == ResultsTable.COLUMN_NOT_FOUND ? java.util.stream.DoubleStream.empty()
                : java.util.Arrays.stream(table.getColumnAsDoubles(index));
    }

    /** File name without extension; inputs that would share one keep their extension ({@code a_png}). */
    private static Map<Path, String> baseNames(List<Path> files) {
        Map<String, Integer> uses = new HashMap<>();
        for (Path f : files) uses.merge(ImageFiles.baseName(f), 1, Integer::sum);
        Map<Path, String> names = new HashMap<>();
        for (Path f : files) {
            String base = ImageFiles.baseName(f);
            names.put(f, uses.get(base) > 1 ? f.getFileName().toString().replace('.', '_') : base);
        }
        return names;
    }

    /** Whether the file's extension is one of {@link ImageFiles#IMAGE_EXTENSIONS} (any case). */
    public static boolean isImageFile(Path file) {
        return ImageFiles.hasExtension(file, ImageFiles.IMAGE_EXTENSIONS);
    }

    private static BatchItem segmentOne(Path file, String baseName, Path outputDir, LoadedModel model, SegmentationOptions options,
                                        boolean overwrite, Progress progress) {
        String name = file.getFileName().toString();
        if (!isImageFile(file)) {
            return BatchItem.notSegmented(name, BatchStatus.SKIPPED, "not an image file (" + String.join(", ", ImageFiles.IMAGE_EXTENSIONS) + ")");
        }
        ImagePlus imp;
        try {
            imp = ImageFiles.open(file);
        } catch (InvalidInputException e) {
            return BatchItem.notSegmented(name, BatchStatus.SKIPPED, e.getMessage());
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
            lines.add(String.join(",", Csv.cell(item.file()), String.valueOf(item.planes()), String.valueOf(item.objects()), meanArea,
                    item.status().name(), Csv.cell(item.message())));
        }
        return lines;
    }

    private static void writeSummary(Path summary, List<BatchItem> items, boolean overwrite) {
        AtomicFiles.write(summary, overwrite, AtomicFiles.lines(summaryLines(items)));
    }
}
