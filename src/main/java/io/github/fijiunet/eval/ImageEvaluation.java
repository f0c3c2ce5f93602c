package io.github.fijiunet.eval;

/** Scores of one image (or, pooled, of a whole folder): object counts, foreground IoU, matching per tau. */
public final class ImageEvaluation {

    private final String name;
    private final long truthObjects;
    private final long predictedObjects;
    private final ClassOverlap foreground;
    private final MatchResult[] matches;

    public ImageEvaluation(String name, long truthObjects, long predictedObjects, ClassOverlap foreground, MatchResult[] matches) {
        this.name = name;
        this.truthObjects = truthObjects;
        this.predictedObjects = predictedObjects;
        this.foreground = foreground;
        this.matches = matches.clone();
    }

    /** Scores of several images with counts summed before the ratios (StarDist's dataset pooling). */
    public static ImageEvaluation pooled(String name, java.util.List<ImageEvaluation> images) {
        long truth = 0;
        long predicted = 0;
        ClassOverlap fg = new ClassOverlap(1, 0, 0, 0);
        MatchResult[] sum = null;
        for (ImageEvaluation e : images) {
            truth += e.truthObjects;
            predicted += e.predictedObjects;
            fg = fg.plus(e.foreground);
            if (sum == null) {
                sum = e.matches.clone();
            } else {
                for (int k = 0; k < sum.length; k++) sum[k] = sum[k].plus(e.matches[k]);
            }
        }
        if (sum == null) {
            sum = new MatchResult[InstanceMatching.STANDARD_THRESHOLDS.length];
            for (int k = 0; k < sum.length; k++) sum[k] = new MatchResult(InstanceMatching.STANDARD_THRESHOLDS[k], 0, 0, 0);
        }
        return new ImageEvaluation(name, truth, predicted, fg, sum);
    }

    public String name() { return name; }
    public long truthObjects() { return truthObjects; }
    public long predictedObjects() { return predictedObjects; }
    /** Foreground (label > 0) overlap; {@code foreground().iou()} is the pixel IoU. */
    public ClassOverlap foreground() { return foreground; }

    public MatchResult[] matches() {
        return matches.clone();
    }

    /** The result at threshold {@code tau} (one of those evaluated). */
    public MatchResult at(double tau) {
        for (MatchResult m : matches) if (Math.abs(m.threshold() - tau) < 1e-9) return m;
        throw new IllegalArgumentException("tau " + tau + " was not evaluated");
    }

    public double meanAveragePrecision() {
        return InstanceMatching.meanAveragePrecision(matches);
    }
}
