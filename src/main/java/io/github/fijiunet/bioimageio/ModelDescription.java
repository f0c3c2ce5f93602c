package io.github.fijiunet.bioimageio;

import io.github.fijiunet.InvalidInputException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A bioimage.io model description ({@code rdf.yaml} / {@code bioimageio.yaml}), format 0.5.x, and
 * 0.4.x mapped onto 0.5's terms (axis letters to typed axes, {@code name} to {@code id}, per-sample
 * {@code zero_mean_unit_variance} modes to their 0.5 steps). Only what running and testing the
 * model needs is kept, plus the metadata fiji-unet shows.
 */
public final class ModelDescription {

    /** The weight formats fiji-unet runs, in the order it prefers them. */
    public static final List<String> RUNNABLE_WEIGHTS = List.of("onnx", "tensorflow_saved_model_bundle");

    private final String name;
    private final String description;
    private final String formatVersion;
    private final String license;
    private final List<String> authors;
    private final List<String> citations;
    private final FileReference documentation;
    private final List<String> covers;
    private final List<TensorDescription> inputs;
    private final List<TensorDescription> outputs;
    private final Map<String, FileReference> weights;
    private final Map<String, double[]> testTolerances;

    private ModelDescription(String name, String description, String formatVersion, String license, List<String> authors, List<String> citations,
                             FileReference documentation, List<String> covers, List<TensorDescription> inputs, List<TensorDescription> outputs,
                             Map<String, FileReference> weights, Map<String, double[]> testTolerances) {
        this.name = name;
        this.description = description;
        this.formatVersion = formatVersion;
        this.license = license;
        this.authors = List.copyOf(authors);
        this.citations = List.copyOf(citations);
        this.documentation = documentation;
        this.covers = List.copyOf(covers);
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
        this.weights = weights;
        this.testTolerances = testTolerances;
    }

    /** Reads a description file; anything fiji-unet cannot use is an {@link InvalidInputException} naming the field. */
    public static ModelDescription read(Path file) throws IOException {
        Object root;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
        } catch (YAMLException e) {
            throw new InvalidInputException(file + " is not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (!(root instanceof Map)) throw new InvalidInputException(file + " holds no bioimage.io description (a YAML mapping).");
        try {
            return parse(map(root, "the description"));
        } catch (InvalidInputException e) {
            throw new InvalidInputException("The bioimage.io description " + file + ": " + e.getMessage());
        }
    }

    static ModelDescription parse(Map<String, Object> root) {
        String type = text(root, "type", "model");
        if (!type.equals("model")) throw new InvalidInputException("it describes a " + type + ", not a model.");
        String version = text(root, "format_version", null);
        if (version == null) throw new InvalidInputException("it has no format_version.");
        boolean v04 = version.startsWith("0.4.");
        if (!v04 && !version.startsWith("0.5.")) {
            throw new InvalidInputException("format_version " + version + " is not one fiji-unet reads (0.5.x, and 0.4.x).");
        }
        List<String> authors = new ArrayList<>();
        for (Object a : list(root.get("authors"))) authors.add(a instanceof Map ? text(map(a, "an author"), "name", "") : a.toString());
        List<String> citations = new ArrayList<>();
        for (Object c : list(root.get("cite"))) {
            Map<String, Object> cite = map(c, "a citation");
            String doi = text(cite, "doi", null);
            String url = text(cite, "url", null);
            citations.add(text(cite, "text", "") + (doi != null ? " doi:" + doi : url != null ? " " + url : ""));
        }
        List<String> covers = new ArrayList<>();
        for (Object c : list(root.get("covers"))) covers.add(c.toString());
        String documentation = text(root, "documentation", null);

        List<TensorDescription> inputs = new ArrayList<>();
        List<TensorDescription> outputs = new ArrayList<>();
        List<Object> testInputs = list(root.get("test_inputs"));
        List<Object> testOutputs = list(root.get("test_outputs"));
        List<Object> inputList = list(root.get("inputs"));
        List<Object> outputList = list(root.get("outputs"));
        if (inputList.isEmpty() || outputList.isEmpty()) throw new InvalidInputException("it lists no inputs or no outputs.");
        for (int i = 0; i < inputList.size(); i++) {
            inputs.add(v04 ? tensor04(map(inputList.get(i), "an input"), true, i < testInputs.size() ? testInputs.get(i).toString() : null)
                    : tensor05(map(inputList.get(i), "an input"), true));
        }
        for (int i = 0; i < outputList.size(); i++) {
            outputs.add(v04 ? tensor04(map(outputList.get(i), "an output"), false, i < testOutputs.size() ? testOutputs.get(i).toString() : null)
                    : tensor05(map(outputList.get(i), "an output"), false));
        }

        Map<String, FileReference> weights = new LinkedHashMap<>();
        Map<String, Object> weightMap = map(root.get("weights"), "weights");
        for (Map.Entry<String, Object> e : weightMap.entrySet()) {
            Map<String, Object> entry = map(e.getValue(), "the " + e.getKey() + " weights");
            String source = text(entry, "source", null);
            if (source != null) weights.put(e.getKey(), new FileReference(source, text(entry, "sha256", null)));
        }
        if (weights.isEmpty()) throw new InvalidInputException("it lists no weights.");
        return new ModelDescription(text(root, "name", "unnamed model"), text(root, "description", ""), version, text(root, "license", ""),
                authors, citations, documentation == null ? null : new FileReference(documentation, null), covers, inputs, outputs, weights,
                testTolerances(root));
    }

    /** {@code config.bioimageio.test_kwargs.<format>}: the absolute and relative tolerances a package sets for its own test. */
    private static Map<String, double[]> testTolerances(Map<String, Object> root) {
        Map<String, double[]> tolerances = new LinkedHashMap<>();
        Object config = root.get("config");
        if (!(config instanceof Map)) return tolerances;
        Object bioimageio = ((Map<?, ?>) config).get("bioimageio");
        if (!(bioimageio instanceof Map)) return tolerances;
        Object kwargs = ((Map<?, ?>) bioimageio).get("test_kwargs");
        if (!(kwargs instanceof Map)) return tolerances;
        for (Map.Entry<?, ?> e : ((Map<?, ?>) kwargs).entrySet()) {
            if (!(e.getValue() instanceof Map)) continue;
            Map<?, ?> k = (Map<?, ?>) e.getValue();
            Object abs = k.get("absolute_tolerance");
            Object rel = k.get("relative_tolerance");
            tolerances.put(e.getKey().toString(), new double[] {abs instanceof Number ? ((Number) abs).doubleValue() : Double.NaN,
                rel instanceof Number ? ((Number) rel).doubleValue() : Double.NaN});
        }
        return tolerances;
    }

    private static TensorDescription tensor05(Map<String, Object> t, boolean input) {
        String id = text(t, "id", input ? "input" : "output");
        List<Axis> axes = new ArrayList<>();
        for (Object a : list(t.get("axes"))) axes.add(axis05(map(a, "an axis of " + id), id));
        if (axes.isEmpty()) throw new InvalidInputException("tensor " + id + " lists no axes.");
        FileReference test = null;
        if (t.get("test_tensor") instanceof Map) {
            Map<String, Object> tt = map(t.get("test_tensor"), "test_tensor");
            test = new FileReference(text(tt, "source", null), text(tt, "sha256", null));
        }
        List<Processing.Step> steps = new ArrayList<>();
        for (Object s : list(t.get(input ? "preprocessing" : "postprocessing"))) {
            Map<String, Object> step = map(s, "a processing step of " + id);
            String stepId = text(step, "id", null);
            if (stepId == null) throw new InvalidInputException("a processing step of " + id + " has no id.");
            steps.add(Processing.parse(stepId, new Processing.Kwargs(stepId, step.get("kwargs") == null ? null : map(step.get("kwargs"), "kwargs"))));
        }
        return new TensorDescription(id, text(t, "description", ""), axes, test, steps);
    }

    private static Axis axis05(Map<String, Object> a, String tensor) {
        String typeText = text(a, "type", null);
        if (typeText == null) throw new InvalidInputException("an axis of " + tensor + " has no type.");
        Axis.Type type;
        try {
            type = Axis.Type.valueOf(typeText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("axis type \"" + typeText + "\" of " + tensor + " is not batch, channel, index, time or space.");
        }
        String id = text(a, "id", type == Axis.Type.SPACE ? "x" : type.name().toLowerCase(Locale.ROOT));
        int halo = (int) number(a, "halo", 0);
        if (type == Axis.Type.CHANNEL) {
            List<String> names = new ArrayList<>();
            for (Object n : list(a.get("channel_names"))) names.add(n.toString());
            return Axis.fixed(type, id, names.isEmpty() ? (int) number(a, "size", 1) : names.size(), halo, names);
        }
        Object size = a.get("size");
        if (size == null) return Axis.free(type, id, halo);
        if (size instanceof Number) return Axis.fixed(type, id, ((Number) size).intValue(), halo, List.of());
        Map<String, Object> rule = map(size, "the size of axis " + id + " of " + tensor);
        if (rule.containsKey("step")) return Axis.parameterized(type, id, (int) number(rule, "min", 1), (int) number(rule, "step", 0), halo);
        if (rule.containsKey("tensor_id")) {
            return Axis.reference(type, id, text(rule, "tensor_id", null), text(rule, "axis_id", id), 1, (int) number(rule, "offset", 0), halo);
        }
        return Axis.free(type, id, halo); // a data-dependent output size
    }

    /** A 0.4 tensor: axes as letters ("bcyx"), shape as a list, {min, step} or {reference_tensor, scale, offset}. */
    private static TensorDescription tensor04(Map<String, Object> t, boolean input, String testFile) {
        String id = text(t, "name", input ? "input" : "output");
        String letters = text(t, "axes", "");
        Object shape = t.get("shape");
        List<Object> halo = list(t.get("halo"));
        List<Axis> axes = new ArrayList<>();
        for (int i = 0; i < letters.length(); i++) {
            char letter = letters.charAt(i);
            Axis.Type type;
            String axisId;
            switch (letter) {
                case 'b': type = Axis.Type.BATCH; axisId = "batch"; break;
                case 'c': type = Axis.Type.CHANNEL; axisId = "channel"; break;
                case 'i': type = Axis.Type.INDEX; axisId = "index"; break;
                case 't': type = Axis.Type.TIME; axisId = "time"; break;
                case 'x': case 'y': case 'z': type = Axis.Type.SPACE; axisId = String.valueOf(letter); break;
                default: throw new InvalidInputException("axis letter '" + letter + "' of " + id + " is not one of bcitxyz.");
            }
            int axisHalo = i < halo.size() ? ((Number) halo.get(i)).intValue() : 0;
            if (shape instanceof List) {
                int size = ((Number) list(shape).get(i)).intValue();
                axes.add(type == Axis.Type.BATCH ? Axis.free(type, axisId, 0) : Axis.fixed(type, axisId, size, axisHalo, List.of()));
            } else {
                Map<String, Object> rule = map(shape, "the shape of " + id);
                if (rule.containsKey("min")) {
                    int min = ((Number) list(rule.get("min")).get(i)).intValue();
                    int step = ((Number) list(rule.get("step")).get(i)).intValue();
                    axes.add(type == Axis.Type.BATCH ? Axis.free(type, axisId, 0)
                            : step == 0 ? Axis.fixed(type, axisId, min, axisHalo, List.of()) : Axis.parameterized(type, axisId, min, step, axisHalo));
                } else {
                    double scale = ((Number) list(rule.get("scale")).get(i)).doubleValue();
                    double offset = ((Number) list(rule.get("offset")).get(i)).doubleValue();
                    String reference = text(rule, "reference_tensor", null);
                    axes.add(type == Axis.Type.BATCH ? Axis.free(type, axisId, 0) : scale == 0
                            ? Axis.fixed(type, axisId, (int) Math.round(offset), axisHalo, List.of())
                            : Axis.reference(type, axisId, reference, axisId, scale, (int) Math.round(offset), axisHalo));
                }
            }
        }
        List<Processing.Step> steps = new ArrayList<>();
        for (Object s : list(t.get(input ? "preprocessing" : "postprocessing"))) {
            Map<String, Object> step = map(s, "a processing step of " + id);
            steps.add(step04(text(step, "name", ""), step.get("kwargs") == null ? new LinkedHashMap<>() : new LinkedHashMap<>(map(step.get("kwargs"), "kwargs"))));
        }
        return new TensorDescription(id, text(t, "description", ""), axes, testFile == null ? null : new FileReference(testFile, null), steps);
    }

    /** A 0.4 step in 0.5's terms: axes given as letters, modes instead of separate steps. */
    private static Processing.Step step04(String name, Map<String, Object> kwargs) {
        Object axes = kwargs.get("axes");
        if (axes instanceof String) {
            List<String> ids = new ArrayList<>();
            for (char c : ((String) axes).toCharArray()) ids.add(c == 'c' ? "channel" : c == 'b' ? "batch" : c == 'i' ? "index" : c == 't' ? "time" : String.valueOf(c));
            kwargs.put("axes", ids);
        }
        String mode = text(kwargs, "mode", null);
        if ("per_dataset".equals(mode)) {
            throw new InvalidInputException("the " + name + " step uses per_dataset statistics, which the description does not carry; fiji-unet "
                    + "runs per_sample and fixed modes.");
        }
        String id = name;
        if (name.equals("zero_mean_unit_variance") && "fixed".equals(mode)) {
            id = "fixed_zero_mean_unit_variance";
            if (kwargs.get("mean") instanceof List) kwargs.put("axis", "channel");
        }
        if (name.equals("scale_linear") && (kwargs.get("gain") instanceof List || kwargs.get("offset") instanceof List)) kwargs.put("axis", "channel");
        if (name.equals("binarize") && kwargs.get("threshold") instanceof List) kwargs.put("axis", "channel");
        return Processing.parse(id, new Processing.Kwargs(id, kwargs));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value, String what) {
        if (!(value instanceof Map)) throw new InvalidInputException(what + " must be a mapping, got " + value + ".");
        return (Map<String, Object>) value;
    }

    private static List<Object> list(Object value) {
        if (value == null) return List.of();
        if (value instanceof List) return new ArrayList<>((List<?>) value);
        return List.of(value);
    }

    private static String text(Map<String, Object> map, String key, String fallback) {
        Object v = map.get(key);
        return v == null ? fallback : v.toString();
    }

    private static double number(Map<String, Object> map, String key, double fallback) {
        Object v = map.get(key);
        if (v == null) return fallback;
        if (v instanceof Number) return ((Number) v).doubleValue();
        throw new InvalidInputException(key + " must be a number, got " + v + ".");
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    public String formatVersion() {
        return formatVersion;
    }

    public String license() {
        return license;
    }

    public List<String> authors() {
        return authors;
    }

    public List<String> citations() {
        return citations;
    }

    /** The documentation file (null when none). */
    public FileReference documentation() {
        return documentation;
    }

    public List<String> covers() {
        return covers;
    }

    public List<TensorDescription> inputs() {
        return inputs;
    }

    public List<TensorDescription> outputs() {
        return outputs;
    }

    /** The weights by format id ({@code onnx}, {@code tensorflow_saved_model_bundle}, {@code pytorch_state_dict}, ...). */
    public Map<String, FileReference> weights() {
        return weights;
    }

    /**
     * The absolute and relative tolerance of the package's own test for a weight format: its
     * {@code config.bioimageio.test_kwargs}, else bioimage.io's defaults (1.5e-4 and 1e-4).
     */
    public double[] testTolerance(String weightFormat) {
        double[] given = testTolerances.get(weightFormat);
        double abs = given != null && !Double.isNaN(given[0]) ? given[0] : 1.5e-4;
        double rel = given != null && !Double.isNaN(given[1]) ? given[1] : 1e-4;
        return new double[] {abs, rel};
    }
}
