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
import io.github.fijiunet.model.ComputeDevice;
import io.github.fijiunet.model.LoadedModel;
import io.github.fijiunet.predict.TiledPredictor;
import io.github.fijiunet.segment.SegmentationOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
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
        return prepare(inputFiles(inputDir, outputDir), outputDir, overwrite, resume, wording);
    }

    /** As {@link #prepare(Path, Path, boolean, boolean, OutputFolder.Wording)} for files listed otherwise (a glob, a list file: the Spark job). */
    public static BatchSegmentation prepare(List<Path> files, Path outputDir, boolean overwrite, boolean resume, OutputFolder.Wording wording) {
        if (outputDir == null) throw new InvalidInputException("No output folder given. Choose a folder for the results.");
        Path realOutput = RealPaths.of(outputDir);
        List<Path> inputs = files.stream().filter(f -> !isOutput(f) && !RealPaths.of(f).startsWith(realOutput)).collect(Collectors.toList());
        if (inputs.isEmpty()) throw new InvalidInputException("No input files (fiji-unet's own outputs do not count).");
        BatchSegmentation batch = new BatchSegmentation(inputs, outputDir, overwrite, resume);
        OutputFolder.check(outputDir, batch.outputs(), overwrite, wording);
        return batch;
    }

    /**
     * Segments every input and writes the summary. Small images (the usual high-content fields) go
     * several at once through the one model (thread-safe): a 256² field alone uses a CPU or GPU
     * poorly, so several run in the model side by side (on a GPU: as one batch, {@link
     * LoadedModel#batchingWindows}) while others are read, post-processed and written
     * ({@link #workers}); inputs above
     * {@value #CONCURRENT_FILE_BYTES} bytes go one at a time, as their memory needs.
     * Rows stay in input order.
     */
    public BatchReport run(LoadedModel model, SegmentationOptions options, Progress progress) {
        new TiledPredictor(model, options.tiling()); // refuses tiles the model cannot use once for the run, not once per image
        int n = files.size();
        BatchItem[] items = new BatchItem[n];
        int workers = workers(model.runsWindowsTogether());
        LoadedModel shared = workers > 1 && model.device() == ComputeDevice.GPU ? model.batchingWindows() : model;
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        Object reporting = new Object();
        Runnable worker = () -> {
            for (int i; (i = next.getAndIncrement()) < n && !progress.isCancelled(); ) {
                Path file = files.get(i);
                String position = "[" + (i + 1) + "/" + n + "] " + file.getFileName();
                synchronized (reporting) {
                    progress.update(done.get(), n, position); // what is starting, also when several run side by side
                }
                try {
                    items[i] = processOne(file, baseNames.get(file), outputDir, shared, options, overwrite, resume,
                            workers == 1 ? nested(progress, i, n, position) : cancelledWith(progress));
                } catch (CancelledException e) {
                    return;
                }
                synchronized (reporting) {
                    progress.update(done.incrementAndGet(), n, position + ": " + describe(items[i]));
                }
            }
        };
        if (workers == 1) {
            worker.run();
        } else {
            ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
                Thread t = new Thread(r, "fiji-unet batch");
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<?>> running = new ArrayList<>();
                for (int w = 0; w < workers; w++) running.add(pool.submit(worker));
                for (Future<?> f : running) f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancelledException();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException) throw (RuntimeException) e.getCause();
                if (e.getCause() instanceof Error) throw (Error) e.getCause();
                throw new IllegalStateException(e.getCause());
            } finally {
                pool.shutdownNow();
            }
        }
        List<BatchItem> rows = new ArrayList<>(n);
        boolean cancelled = false;
        for (int i = 0; i < n; i++) {
            cancelled |= items[i] == null;
            rows.add(items[i] != null ? items[i]
                    : BatchItem.notSegmented(files.get(i).getFileName().toString(), BatchStatus.CANCELLED, "cancelled before this file"));
        }
        writeSummary(summary, rows, overwrite || resume);
        if (cancelled) throw new CancelledException();
        return new BatchReport(rows, summary);
    }

    /** Inputs above this size on disk are segmented one at a time. */
    static final long CONCURRENT_FILE_BYTES = 64L << 20;
    /**
     * Inputs up to this size on disk (a 720² 16-bit field) go {@value #SMALL_FILE_WORKERS} at a
     * time: each then holds at most about 60 MB (pixels, probabilities, post-processing), 1 GB in all.
     */
    static final long SMALL_FILE_BYTES = 1L << 20;
    /**
     * Small fields side by side: while some run in the model, the others are read, post-processed
     * and written.
     */
    static final int SMALL_FILE_WORKERS = 16;

    /**
     * {@value #SMALL_FILE_WORKERS} for a folder of small fields and an engine that runs windows
     * together ({@link LoadedModel#runsWindowsTogether}), else one per core (at most 4) while every input is below {@value #CONCURRENT_FILE_BYTES}
     * bytes, else 1.
     */
    private int workers(boolean together) {
        if (files.size() < 2) return 1;
        long largest = 0;
        for (Path f : files) {
            try {
                largest = Math.max(largest, Files.size(f));
            } catch (IOException e) {
                // unreadable: its row says so; it does not decide the concurrency
            }
        }
        int cores = Math.min(4, Runtime.getRuntime().availableProcessors());
        int workers = largest <= SMALL_FILE_BYTES && together ? SMALL_FILE_WORKERS : largest <= CONCURRENT_FILE_BYTES ? cores : 1;
        return Math.min(workers, files.size());
    }

    /** No per-tile messages from images running side by side; cancellation still reaches them. */
    private static Progress cancelledWith(Progress batch) {
        return new Progress() {
            @Override
            public void update(long done, long total, String message) {
                // the batch reports whole files
            }

            @Override
            public boolean isCancelled() {
                return batch.isCancelled();
            }
        };
    }

    /** The files of a folder a batch takes (not hidden, not fiji-unet's outputs), in name order; the output folder may not be it. */
    public static List<Path> inputFiles(Path inputDir, Path outputDir) {
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

    /** The inputs in name order, each with the base name of its outputs. */
    public Map<Path, String> inputs() {
        Map<Path, String> inputs = new java.util.LinkedHashMap<>();
        for (Path f : files) inputs.put(f, baseNames.get(f));
        return inputs;
    }

    /**
     * One input of a batch: its outputs and summary row. With {@code keepComplete}, an image whose
     * outputs are all there already is not segmented again; its row is read back from its results
     * ({@link BatchStatus#KEPT}). Unreadable or unsuitable files are rows with their reason, never
     * exceptions; only cancellation is thrown.
     */
    public static BatchItem processOne(Path file, String baseName, Path outputDir, LoadedModel model, SegmentationOptions options,
                                       boolean overwrite, boolean keepComplete, Progress progress) {
        if (keepComplete && isImageFile(file) && complete(outputDir, baseName)) {
            return kept(file.getFileName().toString(), outputDir, baseName, BatchStatus.KEPT, "kept from an earlier run");
        }
        return segmentOne(file, baseName, outputDir, model, options, overwrite, progress);
    }

    /** Whether every output of an image is in the output folder (outputs are written as one set, so all or none). */
    public static boolean complete(Path outputDir, String baseName) {
        return SegmentationOutput.filesFor(outputDir, baseName).stream().allMatch(Files::isRegularFile);
    }

    private boolean complete(Path file) {
        return complete(outputDir, baseNames.get(file));
    }

    /**
     * The summary row of an image from the outputs it has, read back from its results CSV (as ImageJ
     * opens it): the same numbers as the row written when it was segmented.
     */
    public static BatchItem kept(String name, Path outputDir, String baseName, BatchStatus status, String message) {
        Path csv = SegmentationOutput.filesFor(outputDir, baseName).stream().filter(p -> p.toString().endsWith(".csv"))
                .findFirst().orElseThrow();
        ResultsTable results = ResultsTable.open2(csv.toString());
        if (results == null) {
            return new BatchItem(name, status, 0, 0, Double.NaN, message + " (its results CSV could not be read)");
        }
        return new BatchItem(name, status, (int) column(results, ResultsTables.PLANE).max().orElse(1), results.size(), meanArea(results), message);
    }

    /** The mean of the Area column as the results CSV holds it (so a row read back equals the row written). */
    private static double meanArea(ResultsTable results) {
        int index = results.getColumnIndex(ResultsTables.AREA);
        if (results.size() == 0 || index == ResultsTable.COLUMN_NOT_FOUND) return Double.NaN;
        double sum = 0;
        for (String value : ResultsTables.formattedColumn(results, index)) sum += Double.parseDouble(value);
        return sum / results.size();
    }

    private static java.util.stream.DoubleStream column(ResultsTable table, String heading) {
        int index = table.getColumnIndex(heading);
        return table.size() == 0 || index == ResultsTable.COLUMN_NOT_FOUND ? java.util.stream.DoubleStream.empty()
                : java.util.Arrays.stream(table.getColumnAsDoubles(index));
    }

    /**
     * File name without extension; inputs that would share one keep their extension ({@code a_png}),
     * and inputs from different folders that still share one get their folder's name in front
     * ({@code plate2_a}). Names that still meet are refused.
     */
    static Map<Path, String> baseNames(List<Path> files) {
        Map<Path, String> first = new HashMap<>();
        Map<String, Integer> uses = new HashMap<>();
        for (Path f : files) uses.merge(ImageFiles.baseName(f), 1, Integer::sum);
        for (Path f : files) {
            String base = ImageFiles.baseName(f);
            first.put(f, uses.get(base) > 1 ? f.getFileName().toString().replace('.', '_') : base);
        }
        Map<String, Integer> again = new HashMap<>();
        for (String name : first.values()) again.merge(name, 1, Integer::sum);
        Map<Path, String> names = new HashMap<>();
        Map<String, Path> taken = new HashMap<>();
        for (Path f : files) {
            Path parent = f.toAbsolutePath().getParent();
            String folder = parent == null || parent.getFileName() == null ? "root" : parent.getFileName().toString();
            String name = again.get(first.get(f)) > 1 ? folder + "_" + first.get(f) : first.get(f);
            Path other = taken.put(name, f);
            if (other != null) {
                throw new InvalidInputException("The inputs " + other + " and " + f + " would both write " + name + "_*: give them distinct names or folders.");
            }
            names.put(f, name);
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
                    meanArea(output.results()), baseName);
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

    /** Writes the summary of {@code items} into {@code outputDir} (a run's rows gathered elsewhere: the Spark job's). */
    public static BatchReport report(List<BatchItem> items, Path outputDir, boolean overwrite) {
        Path summary = outputDir.resolve(SUMMARY_FILE);
        writeSummary(summary, items, overwrite);
        return new BatchReport(items, summary);
    }

    private static void writeSummary(Path summary, List<BatchItem> items, boolean overwrite) {
        AtomicFiles.write(summary, overwrite, AtomicFiles.lines(summaryLines(items)));
    }
}
