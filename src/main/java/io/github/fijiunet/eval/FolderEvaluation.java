package io.github.fijiunet.eval;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ImageProcessor;
import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.Progress;
import io.github.fijiunet.io.ImageFiles;
import io.github.fijiunet.io.LabelFiles;
import io.github.fijiunet.model.LoadedModel;
import io.github.fijiunet.post.LabelPlane;
import io.github.fijiunet.post.PixelCalibration;
import io.github.fijiunet.segment.CellSegmenter;
import io.github.fijiunet.segment.PlaneSegmentation;
import io.github.fijiunet.segment.SegmentationOptions;
import io.github.fijiunet.tensor.ImagePlusImgs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * File-level evaluation: label TIFFs in a prediction folder against ground-truth label TIFFs
 * of the same names, or the classical baseline run on a folder of raw images. Every plane of a
 * stack counts; an image's row pools its planes.
 */
public final class FolderEvaluation {

    private FolderEvaluation() {}

    public static EvaluationReport evaluate(Path predictionDir, Path truthDir, Progress progress) {
        List<Path> truthFiles = tiffs(truthDir, "ground-truth");
        requireDirectory(predictionDir, "prediction");
        List<String> missing = new ArrayList<>();
        for (Path t : truthFiles) if (prediction(predictionDir, t) == null) missing.add(t.getFileName().toString());
        if (!missing.isEmpty()) {
            String first = missing.get(0);
            throw new InvalidInputException(missing.size() + " ground-truth image(s) have no prediction in " + predictionDir + " (first: "
                    + first + "; looked for " + first + " and " + LabelFiles.fileName(ImageFiles.baseName(first))
                    + "). Predict them first, or evaluate against a truth folder holding only the predicted images.");
        }
        List<ImageEvaluation> rows = new ArrayList<>();
        for (int i = 0; i < truthFiles.size(); i++) {
            progress.checkCancelled();
            Path truthFile = truthFiles.get(i);
            String name = truthFile.getFileName().toString();
            progress.update(i, truthFiles.size(), "Evaluating " + name);
            rows.add(evaluate(name, LabelFiles.read(truthFile), LabelFiles.read(prediction(predictionDir, truthFile))));
        }
        progress.update(truthFiles.size(), truthFiles.size(), "Evaluation done");
        return new EvaluationReport(rows);
    }

    /**
     * The prediction of {@code truthFile} in {@code predictionDir}: a file of the same name, or the
     * label image segmentation writes for it ({@code a.tif} → {@code a_labels.tif}); null if neither.
     */
    private static Path prediction(Path predictionDir, Path truthFile) {
        String name = truthFile.getFileName().toString();
        for (Path candidate : List.of(predictionDir.resolve(name), predictionDir.resolve(LabelFiles.fileName(ImageFiles.baseName(name))))) {
            if (Files.isRegularFile(candidate)) return candidate;
        }
        return null;
    }

    /** Runs the baseline on each image of {@code imageDir} that has a same-named truth file, and scores it. */
    public static EvaluationReport evaluateBaseline(Path imageDir, Path truthDir, BaselineOptions options, Progress progress) {
        ClassicalBaseline baseline = new ClassicalBaseline(options);
        return segmentAndEvaluate(imageDir, truthDir, "Baseline on ", progress, raw -> {
            List<LabelPlane> predicted = new ArrayList<>();
            ImageStack stack = raw.getStack();
            for (int s = 1; s <= stack.getSize(); s++) {
                ImageProcessor ip = stack.getProcessor(s).convertToFloatProcessor();
                predicted.add(baseline.segment((float[]) ip.getPixels(), ip.getWidth(), ip.getHeight()));
            }
            return predicted;
        });
    }

    /**
     * Segments each image of {@code imageDir} that has a same-named truth file with a model, through
     * the same path the Fiji command uses, and scores it.
     */
    public static EvaluationReport evaluateModel(LoadedModel model, SegmentationOptions options, Path imageDir, Path truthDir,
                                                 Progress progress) {
        CellSegmenter segmenter = new CellSegmenter(model, options);
        return segmentAndEvaluate(imageDir, truthDir, "Segmenting ", progress, raw -> {
            List<LabelPlane> predicted = new ArrayList<>();
            for (PlaneSegmentation plane : segmenter.segment(ImagePlusImgs.planes(raw), PixelCalibration.PIXELS, progress)) {
                predicted.add(plane.labels());
            }
            return predicted;
        });
    }

    private static EvaluationReport segmentAndEvaluate(Path imageDir, Path truthDir, String verb, Progress progress,
                                                       Function<ImagePlus, List<LabelPlane>> segment) {
        List<Path> truthFiles = tiffs(truthDir, "ground-truth");
        requireDirectory(imageDir, "image");
        List<ImageEvaluation> rows = new ArrayList<>();
        for (int i = 0; i < truthFiles.size(); i++) {
            progress.checkCancelled();
            String name = truthFiles.get(i).getFileName().toString();
            Path imageFile = rawImage(imageDir, name);
            progress.update(i, truthFiles.size(), verb + name);
            rows.add(evaluate(name, LabelFiles.read(truthFiles.get(i)), segment.apply(ImageFiles.open(imageFile))));
        }
        progress.update(truthFiles.size(), truthFiles.size(), "Evaluation done");
        return new EvaluationReport(rows);
    }

    /** Scores matching planes of one image and pools them into a row. */
    public static ImageEvaluation evaluate(String name, List<LabelPlane> truth, List<LabelPlane> predicted) {
        if (truth.size() != predicted.size()) {
            throw new InvalidInputException(name + ": the prediction has " + predicted.size() + " plane(s), the ground truth " + truth.size() + ".");
        }
        List<ImageEvaluation> planes = new ArrayList<>();
        for (int p = 0; p < truth.size(); p++) {
            ContingencyTable table = ContingencyTable.of(truth.get(p), predicted.get(p));
            planes.add(new ImageEvaluation(name, table.truthObjectCount(), table.predictedObjectCount(), PixelMetrics.foreground(table),
                    InstanceMatching.match(table, InstanceMatching.STANDARD_THRESHOLDS)));
        }
        return ImageEvaluation.pooled(name, planes);
    }

    /** The raw image of the ground truth named {@code name}: the file of that name in {@code imageDir}. */
    static Path rawImage(Path imageDir, String name) {
        Path imageFile = imageDir.resolve(name);
        if (!Files.isRegularFile(imageFile)) {
            throw new InvalidInputException("No raw image " + name + " in " + imageDir + " for the ground truth of the same name.");
        }
        return imageFile;
    }

    static List<Path> tiffs(Path dir, String what) {
        requireDirectory(dir, what);
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> list = files.filter(Files::isRegularFile)
                    .filter(p -> ImageFiles.hasExtension(p, ImageFiles.LABEL_EXTENSIONS))
                    .sorted()
                    .collect(Collectors.toList());
            if (list.isEmpty()) throw new InvalidInputException("The " + what + " folder " + dir + " holds no " + ImageFiles.describe(ImageFiles.LABEL_EXTENSIONS) + " files.");
            return list;
        } catch (IOException e) {
            throw new InvalidInputException("Could not list the " + what + " folder " + dir + ": " + e.getMessage());
        }
    }

    static void requireDirectory(Path dir, String what) {
        if (dir == null || !Files.isDirectory(dir)) throw new InvalidInputException("The " + what + " folder " + dir + " does not exist.");
    }
}
