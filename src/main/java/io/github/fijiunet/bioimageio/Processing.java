package io.github.fijiunet.bioimageio;

import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.tensor.FloatTensor;
import io.github.fijiunet.tensor.Normalizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * bioimage.io's pre- and post-processing steps, as typed steps read from a description. A step is
 * first {@link Step#fit fitted} on the whole sample (its statistics: means, percentiles), then
 * {@link Fitted#apply applied} to the whole sample or to any tile of it, so that tiled prediction
 * normalises each tile with the statistics of the whole image, as a single pass would.
 */
public final class Processing {

    /** The step ids fiji-unet runs, for messages. */
    public static final List<String> KNOWN = List.of("binarize", "clip", "ensure_dtype", "fixed_zero_mean_unit_variance", "scale_linear",
            "scale_mean_variance", "scale_range", "sigmoid", "softmax", "zero_mean_unit_variance");

    private Processing() {}

    /** One processing step of a tensor. */
    public interface Step {

        String id();

        /**
         * Computes what the step needs from the whole sample {@code tensor} (axes {@code axes}) and
         * from the sample's other tensors by id ({@code references}, for {@code reference_tensor}).
         */
        Fitted fit(FloatTensor tensor, List<String> axes, Map<String, Sample> references);

        /** Whether the step needs statistics of the tensor it processes (so an output cannot be processed tile by tile). */
        default boolean needsOwnStatistics() {
            return false;
        }
    }

    /** A step with its statistics, applied in place to a tensor of the same axes (a tile may be smaller along the reduced axes). */
    public interface Fitted {
        void apply(FloatTensor tensor, List<String> axes);
    }

    /** A tensor with its axis ids. */
    public static final class Sample {
        final FloatTensor tensor;
        final List<String> axes;

        public Sample(FloatTensor tensor, List<String> axes) {
            this.tensor = tensor;
            this.axes = List.copyOf(axes);
        }
    }

    /** Reads one step: {@code id} with its {@code kwargs} (format 0.5 names; 0.4 descriptions are mapped before). */
    static Step parse(String id, Kwargs kwargs) {
        switch (id) {
            case "ensure_dtype": return new EnsureDtype(kwargs.string("dtype", "float32"));
            case "zero_mean_unit_variance": return new ZeroMeanUnitVariance(kwargs.strings("axes"), kwargs.number("eps", 1e-6));
            case "fixed_zero_mean_unit_variance":
                return new FixedZeroMeanUnitVariance(kwargs.numbers("mean"), kwargs.numbers("std"), kwargs.string("axis", null), kwargs.number("eps", 1e-6));
            case "scale_linear":
                return new ScaleLinear(kwargs.numbersOr("gain", 1), kwargs.numbersOr("offset", 0), kwargs.string("axis", null));
            case "scale_range":
                return new ScaleRange(kwargs.strings("axes"), kwargs.number("min_percentile", 0), kwargs.number("max_percentile", 100),
                        kwargs.number("eps", 1e-6), kwargs.string("reference_tensor", null));
            case "scale_mean_variance":
                return new ScaleMeanVariance(kwargs.string("reference_tensor", null), kwargs.strings("axes"), kwargs.number("eps", 1e-6));
            case "clip": return new Clip(kwargs.number("min", Double.NEGATIVE_INFINITY), kwargs.number("max", Double.POSITIVE_INFINITY));
            case "sigmoid": return new Pointwise("sigmoid", v -> (float) (1 / (1 + Math.exp(-v))));
            case "binarize": return new Binarize(kwargs.numbers("threshold"), kwargs.string("axis", null));
            case "softmax": return new Softmax(kwargs.string("axis", "channel"));
            default:
                throw new InvalidInputException("The processing step \"" + id + "\" is not one fiji-unet runs (it runs " + String.join(", ", KNOWN) + ").");
        }
    }

    /** Runs {@code steps} on a whole sample: fitted on it, then applied to it. */
    public static void run(List<Step> steps, FloatTensor tensor, List<String> axes, Map<String, Sample> references) {
        for (Step step : steps) step.fit(tensor, axes, references).apply(tensor, axes);
    }

    // --- statistics over groups -------------------------------------------------------------------

    /**
     * Groups of a tensor's elements: those sharing their position on every axis not in {@code reduced}
     * (all axes reduced when {@code reduced} is null: one group, per-sample statistics).
     */
    static final class Groups {
        final int[] groupOf;
        final int count;

        Groups(int[] shape, List<String> axes, List<String> reduced) {
            int rank = shape.length;
            boolean[] kept = new boolean[rank];
            int[] groupStride = new int[rank];
            int groups = 1;
            for (int a = rank - 1; a >= 0; a--) {
                kept[a] = reduced != null && !reduced.contains(axes.get(a));
                if (kept[a]) {
                    groupStride[a] = groups;
                    groups *= shape[a];
                }
            }
            if (reduced != null) {
                for (String r : reduced) {
                    if (!axes.contains(r)) throw new InvalidInputException("A processing step reduces over axis \"" + r + "\", which the tensor (axes "
                            + axes + ") does not have.");
                }
            }
            count = groups;
            int n = 1;
            for (int s : shape) n *= s;
            groupOf = new int[n];
            if (groups == 1) return;
            int[] index = new int[rank];
            int group = 0;
            for (int i = 0; i < n; i++) {
                groupOf[i] = group;
                for (int a = rank - 1; a >= 0; a--) {
                    if (++index[a] < shape[a]) {
                        if (kept[a]) group += groupStride[a];
                        break;
                    }
                    if (kept[a]) group -= groupStride[a] * (shape[a] - 1);
                    index[a] = 0;
                }
            }
        }
    }

    /** Per-group values along one axis ({@code axis} null: one value for all), for steps with per-channel parameters. */
    private static float[] alongAxis(double[] values, String axis, FloatTensor tensor, List<String> axes, String what) {
        if (axis == null || values.length == 1) {
            if (values.length != 1) throw new InvalidInputException(what + " gives " + values.length + " values but no axis to spread them along.");
            float[] one = new float[tensor.data().length];
            Arrays.fill(one, (float) values[0]);
            return one;
        }
        int a = axes.indexOf(axis);
        if (a < 0) throw new InvalidInputException(what + " runs along axis \"" + axis + "\", which the tensor (axes " + axes + ") does not have.");
        if (tensor.size(a) != values.length) {
            throw new InvalidInputException(what + " gives " + values.length + " values along \"" + axis + "\" of size " + tensor.size(a) + ".");
        }
        int stride = tensor.strides()[a];
        float[] out = new float[tensor.data().length];
        for (int i = 0; i < out.length; i++) out[i] = (float) values[(i / stride) % values.length];
        return out;
    }

    private static double[][] meanStd(FloatTensor tensor, Groups groups) {
        double[] sum = new double[groups.count];
        double[] sumSq = new double[groups.count];
        long[] n = new long[groups.count];
        float[] data = tensor.data();
        for (int i = 0; i < data.length; i++) {
            int g = groups.groupOf[i];
            sum[g] += data[i];
            n[g]++;
        }
        double[] mean = new double[groups.count];
        for (int g = 0; g < mean.length; g++) mean[g] = sum[g] / Math.max(1, n[g]);
        for (int i = 0; i < data.length; i++) {
            double d = data[i] - mean[groups.groupOf[i]];
            sumSq[groups.groupOf[i]] += d * d;
        }
        double[] std = new double[groups.count];
        for (int g = 0; g < std.length; g++) std[g] = Math.sqrt(sumSq[g] / Math.max(1, n[g]));
        return new double[][] {mean, std};
    }

    /** The per-group linear map {@code x * scale + offset}, applied to a tensor (or tile) with the same kept axes. */
    private static Fitted linear(double[] scale, double[] offset, List<String> reduced) {
        return (tensor, axes) -> {
            Groups groups = new Groups(tensor.shape(), axes, reduced);
            if (groups.count != scale.length) {
                throw new InvalidInputException("A tile has " + groups.count + " statistics groups where the whole sample had " + scale.length + ".");
            }
            float[] data = tensor.data();
            for (int i = 0; i < data.length; i++) {
                int g = groups.groupOf[i];
                data[i] = (float) (data[i] * scale[g] + offset[g]);
            }
        };
    }

    private static Sample reference(Map<String, Sample> references, String id, String step) {
        Sample sample = references.get(id);
        if (sample == null) throw new InvalidInputException(step + " refers to tensor \"" + id + "\", which the model has not (it has " + references.keySet() + ").");
        return sample;
    }

    // --- the steps ----------------------------------------------------------------------------------

    static final class EnsureDtype implements Step {
        private static final Set<String> TYPES = Set.of("float32", "float64", "uint8", "int8", "uint16", "int16", "uint32", "int32", "uint64",
                "int64", "bool");
        final String dtype;

        EnsureDtype(String dtype) {
            if (!TYPES.contains(dtype)) throw new InvalidInputException("ensure_dtype names the data type \"" + dtype + "\"; bioimage.io's are " + TYPES + ".");
            this.dtype = dtype;
        }

        @Override
        public String id() {
            return "ensure_dtype";
        }

        @Override
        public Fitted fit(FloatTensor tensor, List<String> axes, Map<String, Sample> references) {
            if (dtype.startsWith("float")) return (t, a) -> { };
            double low;
            double high;
            switch (dtype) {
                case "bool": low = 0; high = 1; break;
                case "uint8": low = 0; high = 255; break;
                case "int8": low = -128; high = 127; break;
                case "uint16": low = 0; high = 65535; break;
                case "int16": low = -32768; high = 32767; break;
                case "uint32": low = 0; high = 4294967295.0; break;
                case "int32": low = Integer.MIN_VALUE; high = Integer.MAX_VALUE; break;
                default: low = dtype.startsWith("u") ? 0 : -Double.MAX_VALUE; high = Double.MAX_VALUE;
            }
            boolean bool = dtype.equals("bool");
            return (t, a) -> {
                float[] data = t.data();
                for (int i = 0; i < data.length; i++) {
                    double v = bool ? (data[i] != 0 ? 1 : 0) : Math.max(low, Math.min(high, data[i] < 0 ? Math.ceil(data[i]) : Math.floor(data[i])));
                    data[i] = (float) v;
                }
            };
        }
    }

    static final class ZeroMeanUnitVariance implements Step {
        final List<String> axes;
        final double eps;

        ZeroMeanUnitVariance(List<String> axes, double eps) {
            this.axes = axes;
            this.eps = eps;
        }

        @Override
        public String id() {
            return "zero_mean_unit_variance";
        }

        @Override
        public boolean needsOwnStatistics() {
            return true;
        }

        @Override
        public Fitted fit(FloatTensor tensor, List<String> tensorAxes, Map<String, Sample> references) {
            double[][] ms = meanStd(tensor, new Groups(tensor.shape(), tensorAxes, axes));
            double[] scale = new double[ms[0].length];
            double[] offset = new double[scale.length];
            for (int g = 0; g < scale.length; g++) {
                scale[g] = 1 / (ms[1][g] + eps);
                offset[g] = -ms[0][g] * scale[g];
            }
            return linear(scale, offset, axes);
        }
    }

    static final class FixedZeroMeanUnitVariance implements Step {
        final double[] mean;
        final double[] std;
        final String axis;
        final double eps;

        FixedZeroMeanUnitVariance(double[] mean, double[] std, String axis, double eps) {
            if (mean.length != std.length) throw new InvalidInputException("fixed_zero_mean_unit_variance gives " + mean.length + " means and " + std.length + " stds.");
            this.mean = mean;
            this.std = std;
            this.axis = axis;
            this.eps = eps;
        }

        @Override
        public String id() {
            return "fixed_zero_mean_unit_variance";
        }

        @Override
        public Fitted fit(FloatTensor tensor, List<String> axes, Map<String, Sample> references) {
            return (t, a) -> {
                float[] m = alongAxis(mean, axis, t, a, id());
                float[] s = alongAxis(std, axis, t, a, id());
                float[] data = t.data();
                for (int i = 0; i < data.length; i++) data[i] = (float) ((data[i] - m[i]) / (s[i] + eps));
            };
        }
    }

    static final class ScaleLinear implements Step {
        final double[] gain;
        final double[] offset;
        final String axis;

        ScaleLinear(double[] gain, double[] offset, String axis) {
            this.gain = gain;
            this.offset = offset;
            this.axis = axis;
        }

        @Override
        public String id() {
            return "scale_linear";
        }

        @Override
        public Fitted fit(FloatTensor tensor, List<String> axes, Map<String, Sample> references) {
            return (t, a) -> {
                float[] g = alongAxis(gain, axis, t, a, id());
                float[] o = alongAxis(offset, axis, t, a, id());
                float[] data = t.data();
                for (int i = 0; i < data.length; i++) data[i] = data[i] * g[i] + o[i];
            };
        }
    }

    static final class ScaleRange implements Step {
        final List<String> axes;
        final double minPercentile;
        final double maxPercentile;
        final double eps;
        final String referenceTensor;

        ScaleRange(List<String> axes, double minPercentile, double maxPercentile, double eps, String referenceTensor) {
            if (!(minPercentile >= 0 && minPercentile < maxPercentile && maxPercentile <= 100)) {
                throw new InvalidInputException("scale_range needs 0 <= min_percentile < max_percentile <= 100, got " + minPercentile + " and " + maxPercentile + ".");
            }
            this.axes = axes;
            this.minPercentile = minPercentile;
            this.maxPercentile = maxPercentile;
            this.eps = eps;
            this.referenceTensor = referenceTensor;
        }

        @Override
        public String id() {
            return "scale_range";
        }

        @Override
        public boolean needsOwnStatistics() {
            return referenceTensor == null;
        }

        @Override
        public Fitted fit(FloatTensor tensor, List<String> tensorAxes, Map<String, Sample> references) {
            FloatTensor source = tensor;
            List<String> sourceAxes = tensorAxes;
            if (referenceTensor != null) {
                Sample ref = reference(references, referenceTensor, id());
                source = ref.tensor;
                sourceAxes = ref.axes;
            }
            Groups groups = new Groups(source.shape(), sourceAxes, axes);
            int[] counts = new int[groups.count];
            for (int g : groups.groupOf) counts[g]++;
            float[][] values = new float[groups.count][];
            for (int g = 0; g < values.length; g++) values[g] = new float[counts[g]];
            int[] filled = new int[groups.count];
            float[] data = source.data();
            for (int i = 0; i < data.length; i++) {
                int g = groups.groupOf[i];
                values[g][filled[g]++] = data[i];
            }
            double[] scale = new double[groups.count];
            double[] offset = new double[groups.count];
            for (int g = 0; g < groups.count; g++) {
                // the same interpolation as fiji-unet's own percentile normalisation (and NumPy's default)
                double low = counts[g] == 0 ? 0 : Normalizer.percentile(values[g], minPercentile);
                double high = counts[g] == 0 ? 0 : Normalizer.percentile(values[g], maxPercentile);
                scale[g] = 1 / (high - low + eps);
                offset[g] = -low * scale[g];
            }
            return linear(scale, offset, axes);
        }
    }

    static final class ScaleMeanVariance implements Step {
        final String referenceTensor;
        final List<String> axes;
        final double eps;

        ScaleMeanVariance(String referenceTensor, List<String> axes, double eps) {
            if (referenceTensor == null) throw new InvalidInputException("scale_mean_variance needs its reference_tensor.");
            this.referenceTensor = referenceTensor;
            this.axes = axes;
            this.eps = eps;
        }

        @Override
        public String id() {
            return "scale_mean_variance";
        }

        @Override
        public boolean needsOwnStatistics() {
            return true;
        }

        @Override
        public Fitted fit(FloatTensor tensor, List<String> tensorAxes, Map<String, Sample> references) {
            Sample ref = reference(references, referenceTensor, id());
            double[][] own = meanStd(tensor, new Groups(tensor.shape(), tensorAxes, axes));
            double[][] target = meanStd(ref.tensor, new Groups(ref.tensor.shape(), ref.axes, axes));
            if (own[0].length != target[0].length) {
                throw new InvalidInputException("scale_mean_variance: the tensor has " + own[0].length + " statistics groups, its reference "
                        + referenceTensor + " " + target[0].length + ".");
            }
            double[] scale = new double[own[0].length];
            double[] offset = new double[scale.length];
            for (int g = 0; g < scale.length; g++) {
                scale[g] = (target[1][g] + eps) / (own[1][g] + eps);
                offset[g] = target[0][g] - own[0][g] * scale[g];
            }
            return linear(scale, offset, axes);
        }
    }

    static final class Clip implements Step {
        final double min;
        final double max;

        Clip(double min, double max) {
            if (!(min <= max)) throw new InvalidInputException("clip needs min <= max, got " + min + " and " + max + ".");
            this.min = min;
            this.max = max;
        }

        @Override
        public String id() {
            return "clip";
        }

        @Override
        public Fitted fit(FloatTensor tensor, List<String> axes, Map<String, Sample> references) {
            return (t, a) -> {
                float[] data = t.data();
                for (int i = 0; i < data.length; i++) data[i] = (float) Math.max(min, Math.min(max, data[i]));
            };
        }
    }

    /** A step that maps each value on its own (sigmoid). */
    static final class Pointwise implements Step {
        final String id;
        final java.util.function.DoubleUnaryOperator function;

        Pointwise(String id, java.util.function.DoubleUnaryOperator function) {
            this.id = id;
            this.function = function;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public Fitted fit(FloatTensor tensor, List<String> axes, Map<String, Sample> references) {
            return (t, a) -> {
                float[] data = t.data();
                for (int i = 0; i < data.length; i++) data[i] = (float) function.applyAsDouble(data[i]);
            };
        }
    }

    static final class Binarize implements Step {
        final double[] threshold;
        final String axis;

        Binarize(double[] threshold, String axis) {
            this.threshold = threshold;
            this.axis = axis;
        }

        @Override
        public String id() {
            return "binarize";
        }

        @Override
        public Fitted fit(FloatTensor tensor, List<String> axes, Map<String, Sample> references) {
            return (t, a) -> {
                float[] th = alongAxis(threshold, axis, t, a, id());
                float[] data = t.data();
                for (int i = 0; i < data.length; i++) data[i] = data[i] > th[i] ? 1f : 0f;
            };
        }
    }

    static final class Softmax implements Step {
        final String axis;

        Softmax(String axis) {
            this.axis = axis;
        }

        @Override
        public String id() {
            return "softmax";
        }

        @Override
        public Fitted fit(FloatTensor tensor, List<String> axes, Map<String, Sample> references) {
            return (t, a) -> {
                int index = a.indexOf(axis);
                if (index < 0) throw new InvalidInputException("softmax runs along axis \"" + axis + "\", which the tensor (axes " + a + ") does not have.");
                int stride = t.strides()[index];
                int size = t.size(index);
                float[] data = t.data();
                for (int i = 0; i < data.length; i++) {
                    if ((i / stride) % size != 0) continue; // the first element of each run along the axis
                    double max = Double.NEGATIVE_INFINITY;
                    for (int k = 0; k < size; k++) max = Math.max(max, data[i + k * stride]);
                    double sum = 0;
                    for (int k = 0; k < size; k++) sum += Math.exp(data[i + k * stride] - max);
                    for (int k = 0; k < size; k++) data[i + k * stride] = (float) (Math.exp(data[i + k * stride] - max) / sum);
                }
            };
        }
    }

    /** A step's keyword arguments as the description gives them, read with the types the step needs. */
    static final class Kwargs {
        private final String step;
        private final Map<String, Object> values;

        Kwargs(String step, Map<String, Object> values) {
            this.step = step;
            this.values = values == null ? Map.of() : values;
        }

        String string(String key, String fallback) {
            Object v = values.get(key);
            return v == null ? fallback : v.toString();
        }

        double number(String key, double fallback) {
            Object v = values.get(key);
            if (v == null) return fallback;
            if (v instanceof Number) return ((Number) v).doubleValue();
            throw new InvalidInputException("The " + step + " step's " + key + " must be a number, got " + v + ".");
        }

        double[] numbers(String key) {
            Object v = values.get(key);
            if (v == null) throw new InvalidInputException("The " + step + " step needs its " + key + ".");
            return toNumbers(key, v);
        }

        double[] numbersOr(String key, double fallback) {
            Object v = values.get(key);
            return v == null ? new double[] {fallback} : toNumbers(key, v);
        }

        private double[] toNumbers(String key, Object v) {
            if (v instanceof Number) return new double[] {((Number) v).doubleValue()};
            if (v instanceof List) {
                List<?> list = (List<?>) v;
                double[] out = new double[list.size()];
                for (int i = 0; i < out.length; i++) {
                    if (!(list.get(i) instanceof Number)) throw new InvalidInputException("The " + step + " step's " + key + " must hold numbers, got " + v + ".");
                    out[i] = ((Number) list.get(i)).doubleValue();
                }
                return out;
            }
            throw new InvalidInputException("The " + step + " step's " + key + " must be a number or a list of numbers, got " + v + ".");
        }

        /** A list of axis ids, or null when absent (statistics over the whole sample). */
        List<String> strings(String key) {
            Object v = values.get(key);
            if (v == null) return null;
            if (v instanceof List) {
                List<String> out = new ArrayList<>();
                for (Object o : (List<?>) v) out.add(o.toString().toLowerCase(Locale.ROOT));
                return out;
            }
            return List.of(v.toString());
        }
    }
}
