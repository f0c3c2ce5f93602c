package io.github.fijiunet.bioimageio;

import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.tensor.FloatTensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A package's own test, as {@code bioimageio test} runs it: the test inputs through the model
 * with its processing, compared with the test outputs within the package's tolerance
 * (|actual - expected| <= absolute + relative × |expected| for every value).
 */
public final class PackageTest {

    /** One output's comparison. */
    public static final class OutputCheck {
        public final String output;
        public final double maxDifference;
        public final long mismatches;
        public final long values;

        OutputCheck(String output, double maxDifference, long mismatches, long values) {
            this.output = output;
            this.maxDifference = maxDifference;
            this.mismatches = mismatches;
            this.values = values;
        }
    }

    /** The outcome: every output's check, the tolerances and the time the prediction took. */
    public static final class Result {
        public final List<OutputCheck> outputs;
        public final double absoluteTolerance;
        public final double relativeTolerance;
        public final double seconds;

        Result(List<OutputCheck> outputs, double absoluteTolerance, double relativeTolerance, double seconds) {
            this.outputs = List.copyOf(outputs);
            this.absoluteTolerance = absoluteTolerance;
            this.relativeTolerance = relativeTolerance;
            this.seconds = seconds;
        }

        public boolean passed() {
            return outputs.stream().allMatch(o -> o.mismatches == 0);
        }

        public double maxDifference() {
            return outputs.stream().mapToDouble(o -> o.maxDifference).max().orElse(0);
        }

        /** "PASS: output probability max |difference| 2.1e-06 (tolerance 1.5e-04 + 1.0e-04 x |expected|), prediction 1.23 s". */
        public String summary() {
            StringBuilder s = new StringBuilder(passed() ? "PASS" : "FAIL");
            for (OutputCheck o : outputs) {
                s.append(String.format(Locale.ROOT, ": output %s max |difference| %.2e", o.output, o.maxDifference));
                if (o.mismatches > 0) s.append(String.format(Locale.ROOT, ", %d of %d values outside the tolerance", o.mismatches, o.values));
            }
            return s.append(String.format(Locale.ROOT, " (tolerance %.1e + %.1e x |expected|), prediction %.2f s", absoluteTolerance,
                    relativeTolerance, seconds)).toString();
        }
    }

    private PackageTest() {}

    public static Result run(BioImageIoModel model) {
        ModelDescription d = model.description();
        Map<String, FloatTensor> inputs = new LinkedHashMap<>();
        for (TensorDescription t : d.inputs()) inputs.put(t.id(), testTensor(model, t));
        long start = System.nanoTime();
        Map<String, FloatTensor> outputs = model.predict(inputs);
        double seconds = (System.nanoTime() - start) / 1e9;
        double[] tolerance = d.testTolerance(model.weightFormat());
        List<OutputCheck> checks = new ArrayList<>();
        for (TensorDescription t : d.outputs()) {
            FloatTensor expected = testTensor(model, t);
            FloatTensor actual = outputs.get(t.id());
            if (!Arrays.equals(expected.shape(), actual.shape())) {
                throw new InvalidInputException("The model's output " + t.id() + " has shape " + Arrays.toString(actual.shape())
                        + " where the package's test output has " + Arrays.toString(expected.shape()) + ".");
            }
            checks.add(compare(t.id(), actual.data(), expected.data(), tolerance[0], tolerance[1]));
        }
        return new Result(checks, tolerance[0], tolerance[1], seconds);
    }

    static OutputCheck compare(String id, float[] actual, float[] expected, double absolute, double relative) {
        double max = 0;
        long mismatches = 0;
        for (int i = 0; i < actual.length; i++) {
            double difference = Math.abs((double) actual[i] - expected[i]);
            if (Double.isNaN(difference)) difference = Float.isNaN(actual[i]) && Float.isNaN(expected[i]) ? 0 : Double.POSITIVE_INFINITY;
            max = Math.max(max, difference);
            if (difference > absolute + relative * Math.abs(expected[i])) mismatches++;
        }
        return new OutputCheck(id, max, mismatches, actual.length);
    }

    private static FloatTensor testTensor(BioImageIoModel model, TensorDescription t) {
        if (t.testTensor() == null) {
            throw new InvalidInputException("The package " + model.description().name() + " has no test tensor for " + t.id() + ", so it cannot test itself.");
        }
        try {
            return Npy.read(model.pack().file(t.testTensor(), "test tensor of " + t.id()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
