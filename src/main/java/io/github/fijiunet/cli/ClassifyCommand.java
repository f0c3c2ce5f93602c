package io.github.fijiunet.cli;

import ij.ImagePlus;
import ij.gui.Roi;
import io.github.fijiunet.AtomicFiles;
import io.github.fijiunet.FijiUnetException;
import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.Progress;
import io.github.fijiunet.eval.ConfusionMatrix;
import io.github.fijiunet.io.Csv;
import io.github.fijiunet.io.ImageFiles;
import io.github.fijiunet.model.LoadedModel;
import io.github.fijiunet.predict.Classification;
import io.github.fijiunet.predict.ClassificationOptions;
import io.github.fijiunet.predict.ImageClassifier;
import io.github.fijiunet.tensor.ArrayPlane;
import io.github.fijiunet.tensor.ImagePlusImgs;
import io.github.fijiunet.tensor.Normalization;
import io.github.fijiunet.tensor.PlaneSource;
import io.github.fijiunet.tensor.PlaneStack;
import io.github.fijiunet.train.ClassificationDataset;
import io.github.fijiunet.workflow.BatchSegmentation;
import io.github.fijiunet.workflow.OutputFolder;
import io.github.fijiunet.workflow.ResultsTables;
import io.github.fijiunet.workflow.RoiClassification;
import io.github.fijiunet.workflow.Rois;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** {@code fiji-unet classify}: whole images, the objects of a ROI set, or an IDX test set (accuracy). */
@Command(name = "classify", header = "Classify images, ROI objects or an IDX test set with a CNN.",
        mixinStandardHelpOptions = true, modelTransformer = ClassificationFlags.class, sortOptions = false,
        description = {"Classify with a classification model (e.g. fashion-cnn):",
                "  --input IMAGE|DIR         every plane, resized to the model's input;",
                "  --input IMAGE --rois ZIP  each ROI's object (box + margin, masked);",
                "  --idx-images --idx-labels an IDX test set: prints the accuracy.",
                "Prints item, class, probability (tab-separated) per line;",
                "--csv also writes every class' probability."})
public final class ClassifyCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--input", paramLabel = "PATH", description = "An image, or a folder of images (tif, tiff, png, jpg).")
    private Path input;

    @Option(names = "--rois", paramLabel = "ZIP", description = "ROI set (.zip) of the --input image: classify its objects.")
    private Path rois;

    @Option(names = "--idx-images", paramLabel = "FILE", description = "IDX image file (gzip or plain), e.g. t10k-images-idx3-ubyte.gz.")
    private Path idxImages;

    @Option(names = "--idx-labels", paramLabel = "FILE", description = "IDX label file matching --idx-images.")
    private Path idxLabels;

    @Option(names = "--limit", paramLabel = "N", description = "With --idx-images: only the first N samples (default: all).")
    private Integer limit;

    @Option(names = "--csv", paramLabel = "FILE", description = "Also write item, class, probability and one column per class to this CSV.")
    private Path csv;

    @Option(names = "--overwrite", description = "Replace an existing --csv file.")
    private boolean overwrite;

    /** One classified item: a plane, an object or a dataset sample. */
    private static final class Row {
        final String item;
        final Classification result;

        Row(String item, Classification result) {
            this.item = item;
            this.result = result;
        }
    }

    @Override
    public Integer call() {
        checkArguments();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (csv != null) OutputFolder.checkFile(csv, overwrite, OutputFolder.Wording.CLI_CSV);
        ClassificationOptions options = ClassificationFlags.options(spec); // a bad value is reported before the model loads
        try (LoadedModel model = ModelLoading.load(ClassificationFlags.model(spec), OptionFlags.runtime(spec), err)) {
            ImageClassifier classifier = new ImageClassifier(model, options);
            Progress progress = new ConsoleProgress(err);
            List<Row> rows;
            if (idxImages != null) {
                rows = classifyIdx(classifier, progress, out);
            } else {
                rows = rois != null ? classifyRois(classifier, progress) : classifyImages(classifier, progress, err);
                for (Row row : rows) {
                    out.printf(Locale.ROOT, "%s\t%s\t%.4f%n", row.item, row.result.className(), row.result.probability());
                }
            }
            if (csv != null) {
                writeCsv(rows, classifier.classNames());
                out.println("wrote " + csv);
            }
            out.flush();
            return 0;
        }
    }

    private void checkArguments() {
        boolean idx = idxImages != null || idxLabels != null;
        if (idx == (input != null)) {
            throw new ParameterException(spec.commandLine(), "Give either --input (an image or a folder) or --idx-images with --idx-labels.");
        }
        if (idx && (idxImages == null || idxLabels == null)) {
            throw new ParameterException(spec.commandLine(), "--idx-images and --idx-labels go together: give both.");
        }
        if (rois != null && (input == null || Files.isDirectory(input))) {
            throw new ParameterException(spec.commandLine(), "--rois needs --input to be the image the ROIs were drawn on.");
        }
        if (limit != null && (idxImages == null || limit < 1)) {
            throw new ParameterException(spec.commandLine(), "--limit takes a positive number and goes with --idx-images.");
        }
    }

    private List<Row> classifyImages(ImageClassifier classifier, Progress progress, PrintWriter err) {
        List<Path> files = Files.isDirectory(input) ? imagesIn(input) : List.of(input);
        List<Row> rows = new ArrayList<>();
        for (int f = 0; f < files.size(); f++) {
            Path file = files.get(f);
            progress.checkCancelled();
            // A folder reports one step per image; a single image its planes.
            Progress planeProgress = files.size() > 1 ? progress.silent() : progress;
            if (files.size() > 1) progress.update(f, files.size(), "classifying " + file.getFileName() + " (" + (f + 1) + "/" + files.size() + ")");
            try {
                ImagePlus imp = ImageFiles.openLargeStacksVirtually(file);
                PlaneStack stack = ImagePlusImgs.planes(imp);
                List<PlaneSource> planes = new ArrayList<>(stack.planeCount());
                for (int p = 0; p < stack.planeCount(); p++) planes.add(stack.plane(p));
                List<Classification> results = classifier.classifyAll(planes, planeProgress);
                for (int p = 0; p < results.size(); p++) {
                    String item = file.getFileName() + (results.size() > 1 ? ":" + (p + 1) : "");
                    rows.add(new Row(item, results.get(p)));
                }
            } catch (InvalidInputException e) {
                if (!Files.isDirectory(input)) throw e;
                err.println("Skipped " + file.getFileName() + ": " + e.getMessage());
            }
        }
        if (files.size() > 1) progress.update(files.size(), files.size(), "classified " + files.size() + " images");
        if (rows.isEmpty()) {
            throw new InvalidInputException("No image in " + input + " could be classified; the reasons are printed above.");
        }
        return rows;
    }

    private static List<Path> imagesIn(Path folder) {
        try (Stream<Path> entries = Files.list(folder)) {
            List<Path> images = entries.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(BatchSegmentation::isImageFile).sorted().collect(Collectors.toList());
            if (images.isEmpty()) {
                throw new InvalidInputException("The folder " + folder + " holds no " + String.join("/", ImageFiles.IMAGE_EXTENSIONS) + " images.");
            }
            return images;
        } catch (IOException e) {
            throw new FijiUnetException("Cannot list the folder " + folder + ": " + e.getMessage() + ". Check that you can read it.", e);
        }
    }

    private List<Row> classifyRois(ImageClassifier classifier, Progress progress) {
        ImagePlus imp = ImageFiles.openLargeStacksVirtually(input);
        List<Roi> objects = Rois.readZip(rois);
        List<Classification> results = RoiClassification.classify(imp, objects, classifier, progress);
        List<Row> rows = new ArrayList<>(results.size());
        for (int i = 0; i < results.size(); i++) {
            String name = objects.get(i).getName();
            rows.add(new Row(name == null ? "roi-" + (i + 1) : name, results.get(i)));
        }
        return rows;
    }

    private List<Row> classifyIdx(ImageClassifier classifier, Progress progress, PrintWriter out) {
        List<String> classes = classifier.classNames();
        ClassificationDataset data = ClassificationDataset.readIdx(idxImages, idxLabels, classes, Normalization.NONE);
        int n = limit == null ? data.size() : Math.min(limit, data.size());
        List<PlaneSource> samples = new ArrayList<>(n);
        for (int i = 0; i < n; i++) samples.add(ArrayPlane.of(ArrayPlane.Kind.FLOAT32, data.width(), data.height(), data.image(i)));
        List<Classification> results = classifier.classifyAll(samples, progress);
        int[] truth = data.labels();
        ConfusionMatrix confusion = new ConfusionMatrix(classes.size());
        List<Row> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            confusion.add(truth[i], results.get(i).classIndex());
            rows.add(new Row("sample-" + i + " (true: " + classes.get(truth[i]) + ")", results.get(i)));
        }
        out.printf(Locale.ROOT, "accuracy %.4f (%d of %d correct)%n", confusion.accuracy(), confusion.correct(), confusion.total());
        if (!results.isEmpty()) {
            out.printf(Locale.ROOT, "median probability %.4f (how sure the model is of data like this)%n", Classification.medianProbability(results));
        }
        for (int c = 0; c < classes.size(); c++) {
            long ofClass = confusion.samples(c);
            if (ofClass > 0) out.printf(Locale.ROOT, "  %-14s %.4f (%d samples)%n", classes.get(c), confusion.classAccuracy(c), ofClass);
        }
        return rows;
    }

    private void writeCsv(List<Row> rows, List<String> classes) {
        List<String> lines = new ArrayList<>(rows.size() + 1);
        lines.add("item,class,probability," + classes.stream().map(c -> Csv.cell(ResultsTables.classProbabilityColumn(c))).collect(Collectors.joining(",")));
        for (Row row : rows) {
            StringBuilder line = new StringBuilder(Csv.cell(row.item)).append(',').append(Csv.cell(row.result.className()))
                    .append(',').append(String.format(Locale.ROOT, "%.6f", row.result.probability()));
            for (float p : row.result.probabilities()) line.append(',').append(String.format(Locale.ROOT, "%.6f", p));
            lines.add(line.toString());
        }
        AtomicFiles.write(csv, overwrite, AtomicFiles.lines(lines));
    }
}
