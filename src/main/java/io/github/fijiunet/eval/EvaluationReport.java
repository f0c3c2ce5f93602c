package io.github.fijiunet.eval;

import io.github.fijiunet.AtomicFiles;
import io.github.fijiunet.io.Csv;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Per-image rows plus one pooled summary row; renders as CSV. */
public final class EvaluationReport {

    public static final String SUMMARY_NAME = "ALL (pooled)";

    private final List<ImageEvaluation> images;
    private final ImageEvaluation summary;

    public EvaluationReport(List<ImageEvaluation> images) {
        this.images = List.copyOf(images);
        this.summary = ImageEvaluation.pooled(SUMMARY_NAME, images);
    }

    public List<ImageEvaluation> images() {
        return images;
    }

    public ImageEvaluation summary() {
        return summary;
    }

    /** Header plus one line per image and the summary line last. */
    public List<String> csvLines() {
        List<String> lines = new ArrayList<>();
        StringBuilder header = new StringBuilder("image,truth_objects,pred_objects,pixel_iou,pixel_dice");
        for (MatchResult m : summary.matches()) header.append(String.format(Locale.ROOT, ",ap@%.2f", m.threshold()));
        header.append(",mean_ap,tp@0.50,fp@0.50,fn@0.50,precision@0.50,recall@0.50,f1@0.50");
        lines.add(header.toString());
        for (ImageEvaluation e : images) lines.add(row(e));
        lines.add(row(summary));
        return lines;
    }

    /** Writes the CSV; refuses to replace an existing file unless {@code overwrite}. */
    public void writeCsv(Path file, boolean overwrite) {
        AtomicFiles.write(file, overwrite, AtomicFiles.lines(csvLines()));
    }

    private static String row(ImageEvaluation e) {
        StringBuilder b = new StringBuilder(Csv.cell(e.name()));
        b.append(',').append(e.truthObjects()).append(',').append(e.predictedObjects());
        b.append(',').append(number(e.foreground().iou())).append(',').append(number(e.foreground().dice()));
        for (MatchResult m : e.matches()) b.append(',').append(number(m.averagePrecision()));
        MatchResult half = e.matches()[0];
        b.append(',').append(number(e.meanAveragePrecision()));
        b.append(',').append(half.truePositives()).append(',').append(half.falsePositives()).append(',').append(half.falseNegatives());
        b.append(',').append(number(half.precision())).append(',').append(number(half.recall())).append(',').append(number(half.f1()));
        return b.toString();
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "NaN" : String.format(Locale.ROOT, "%.4f", v);
    }
}
