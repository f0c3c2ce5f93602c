package io.github.fijiunet.train;

import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.InvalidOptionException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Seeded train/validation splits. */
public final class Splits {

    private Splits() {}

    private static final String SEEDED_SPLIT = "seeded split, ";

    /**
     * The seeded split a data set's description names ("seeded split, seed 42, 54000 training /
     * 6000 validation", as {@link #split} writes it into both parts' descriptions), or null.
     */
    public static String seededSplitOf(String description) {
        int start = description.indexOf(SEEDED_SPLIT);
        if (start < 0) return null;
        int end = description.indexOf(')', start);
        return description.substring(start, end < 0 ? description.length() : end);
    }

    /** {train, validation}: a seeded shuffle, the last {@code fraction} of it held out for validation. */
    public static Dataset[] split(Dataset data, double fraction, long seed) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new InvalidOptionException("The validation fraction must be between 0 and 1 (exclusive), got " + fraction + ".");
        }
        int n = data.size();
        int validation = (int) Math.round(n * fraction);
        if (validation < 1 || validation >= n) {
            throw new InvalidInputException("Cannot hold out " + fraction + " of " + n + " samples for validation: give more data or a separate validation set.");
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Random random = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        String split = SEEDED_SPLIT + "seed " + seed + ", " + (n - validation) + " training / " + validation + " validation";
        return new Dataset[] {data.subset(Arrays.copyOfRange(order, 0, n - validation), "training part of a " + split),
                data.subset(Arrays.copyOfRange(order, n - validation, n), "validation part of a " + split)};
    }

    /** {train, validation}: the images named in {@code validationNames} are held out. */
    public static Dataset[] byName(SegmentationDataset data, List<String> validationNames) {
        List<Integer> train = new ArrayList<>();
        List<Integer> validation = new ArrayList<>();
        List<SegmentationDataset.Sample> samples = data.samples();
        for (int i = 0; i < samples.size(); i++) (validationNames.contains(samples.get(i).name()) ? validation : train).add(i);
        if (validation.size() != validationNames.size()) {
            throw new InvalidInputException("Not all validation files " + validationNames + " are among the training images: check the names.");
        }
        if (train.isEmpty()) throw new InvalidInputException("Holding out " + validationNames + " leaves no training images.");
        String split = "validation files " + String.join(",", validationNames) + " held out";
        return new Dataset[] {data.subset(train.stream().mapToInt(Integer::intValue).toArray(), "training part, " + split),
                data.subset(validation.stream().mapToInt(Integer::intValue).toArray(), split)};
    }
}
