package io.github.fijiunet.model;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.annotations.SerializedName;
import io.github.fijiunet.tensor.Normalization;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The {@value #FILE_NAME} file beside a TF SavedModel: everything the runtime needs to feed the
 * graph and read its answer. Format (JSON, documented in README "Model folders"):
 *
 * <pre>
 * { "format": 1, "name": "nuclei-unet", "task": "instance",
 *   "signature": "serving_default", "bfloat16Signature": "serving_bfloat16",
 *   "input":  { "name": "input",  "channels": 1 },
 *   "output": { "name": "output", "channels": 3 },
 *   "classes": ["background", "boundary", "interior"],
 *   "normalization": { "mode": "percentile", "low": 1.0, "high": 99.8 },
 *   "tileMultiple": 16, "halo": 32, "activationBytesPerPixel": 384, "inputSize": null,
 *   "training": { ...free-form: data, epochs, metrics... },
 *   "postProcessing": { "threshold": "0.7", "seed_shrink": "1.5", "min_size": "25" },
 *   "tuning": { ...free-form: how fiji-unet tune chose postProcessing... } }
 * </pre>
 *
 * Inputs and outputs are NHWC float32. {@code inputSize} [height, width] is set for models with a
 * fixed input (the classifier); fully convolutional models take any size that is a multiple of
 * {@code tileMultiple}. {@code bfloat16Signature} (optional) names a signature with the same input
 * and output whose layers compute in bfloat16, run for {@link Precision#BFLOAT16}.
 * {@code activationBytesPerPixel} (optional) is TensorFlow's peak working memory per input pixel
 * of a float32 pass, which sizes automatic tiles; without it a conservative default applies.
 * {@code postProcessing} (optional) holds the model's own defaults for instance options (keys and
 * values as in macros), used wherever the user did not set an option; {@code fiji-unet tune}
 * writes it, with its provenance in {@code tuning}. {@code temperature} (optional, classifiers)
 * divides the network's logits before the softmax so that its probabilities are calibrated; the
 * trainer fits it on the validation set. {@code symmetries} (optional, classifiers) names the
 * flips and rotations the classifier was trained to ignore, over which {@code tta} averages.
 */
public final class ModelDescriptor {

    public static final String FILE_NAME = "fiji-unet.json";
    public static final String HORIZONTAL_FLIP = "horizontal_flip";
    public static final String VERTICAL_FLIP = "vertical_flip";
    public static final String ROTATION_90 = "rotation_90";
    /** What {@code symmetries} may name: mirror flips left–right and top–bottom, quarter turns. */
    public static final List<String> SYMMETRIES = List.of(HORIZONTAL_FLIP, VERTICAL_FLIP, ROTATION_90);
    public static final int FORMAT = 1;

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeNulls().create();

    /** One side of the serving signature. */
    public static final class Port {
        private String name;
        private int channels;

        public Port(String name, int channels) {
            this.name = name;
            this.channels = channels;
        }

        public String name() {
            return name;
        }

        public int channels() {
            return channels;
        }
    }

    private static final class NormalizationSpec {
        private String mode = "percentile";
        private double low = Normalization.DEFAULT_LOW;
        private double high = Normalization.DEFAULT_HIGH;
    }

    private int format = FORMAT;
    private String name;
    private String description;
    private String task;
    private String signature = "serving_default";
    private String bfloat16Signature;
    private Port input;
    private Port output;
    private List<String> classes = new ArrayList<>();
    private NormalizationSpec normalization = new NormalizationSpec();
    private int tileMultiple = 1;
    private int halo;
    private Long activationBytesPerPixel;
    private int[] inputSize;
    /**
     * The largest window side a model takes (a fixed-size bioimage.io model, which pads smaller
     * windows); null = no limit. Not part of fiji-unet.json: set where a package is read.
     */
    private transient Integer largestWindow;
    /** Median diameter (pixels) of the objects the model was trained on; null = not recorded. */
    private Double objectDiameter;
    private JsonObject training = new JsonObject();
    /** Instance-option key → value text; null = the options' own defaults. */
    private LinkedHashMap<String, String> postProcessing;
    /** A JsonElement, not a JsonObject: Gson reads a written null ("tuning": null) into JsonNull, which a JsonObject field refuses. */
    private com.google.gson.JsonElement tuning;

    @SerializedName("outputActivation")
    private String outputActivation;
    /** Classifiers: the softmax temperature fitted on the validation set (calibration); null = 1. */
    private Double temperature;
    /** Classifiers: the symmetries of the input the model was trained to ignore (names of {@link #SYMMETRIES}); null = none. */
    private List<String> symmetries;

    private ModelDescriptor() {}

    /** Starts a descriptor for a model being exported; finish it with the setters and {@link #write}. */
    public static ModelDescriptor create(String name, Task task, Port input, Port output) {
        ModelDescriptor d = new ModelDescriptor();
        d.name = name;
        d.task = task.name().toLowerCase();
        d.input = input;
        d.output = output;
        return d;
    }

    /** Reads and validates {@value #FILE_NAME} in {@code modelDir}. */
    public static ModelDescriptor read(Path modelDir) {
        Path file = modelDir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException("The model folder " + modelDir + " has no " + FILE_NAME
                    + " descriptor. Choose a folder made by fiji-unet's trainer or add the descriptor (see README, 'Model folders').");
        }
        ModelDescriptor d;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            d = GSON.fromJson(reader, ModelDescriptor.class);
        } catch (JsonParseException | IOException e) {
            throw new ModelLoadException("The descriptor " + file + " is not valid JSON (" + e.getMessage()
                    + "). Fix or replace the file (see README, 'Model folders').", e);
        }
        if (d == null) throw new ModelLoadException("The descriptor " + file + " is empty.");
        d.validate(file);
        return d;
    }

    private void validate(Path file) {
        List<String> problems = new ArrayList<>();
        if (format != FORMAT) problems.add("format is " + format + ", this version reads format " + FORMAT);
        if (name == null || name.isBlank()) problems.add("\"name\" is missing");
        try {
            task();
        } catch (RuntimeException e) {
            problems.add("\"task\" must be classification, semantic or instance, not " + task);
        }
        if (signature == null || signature.isBlank()) problems.add("\"signature\" is missing");
        if (bfloat16Signature != null && bfloat16Signature.isBlank()) problems.add("\"bfloat16Signature\" is blank (leave it out or name a signature)");
        if (input == null || input.name == null) problems.add("\"input\" with a \"name\" is missing");
        else if (input.channels < 1) problems.add("\"input.channels\" must be at least 1");
        if (output == null || output.name == null) problems.add("\"output\" with a \"name\" is missing");
        else if (output.channels < 1) problems.add("\"output.channels\" must be at least 1");
        if (tileMultiple < 1) problems.add("\"tileMultiple\" must be at least 1");
        if (halo < 0) problems.add("\"halo\" must not be negative");
        if (activationBytesPerPixel != null && activationBytesPerPixel < 1) {
            problems.add("\"activationBytesPerPixel\" must be at least 1 (or left out)");
        }
        if (largestWindow != null && largestWindow < 1) problems.add("\"largestWindow\" must be at least 1 (or left out)");
        if (inputSize != null && (inputSize.length != 2 || inputSize[0] < 1 || inputSize[1] < 1)) {
            problems.add("\"inputSize\" must be [height, width]");
        }
        if (objectDiameter != null && (!(objectDiameter >= 0) || Double.isInfinite(objectDiameter))) {
            problems.add("\"objectDiameter\" must be a size in pixels (or 0 / left out), not " + objectDiameter);
        }
        if (temperature != null && !(temperature > 0 && temperature < Double.POSITIVE_INFINITY)) {
            problems.add("\"temperature\" must be a positive number (or left out for 1), not " + temperature);
        }
        if (symmetries != null && !SYMMETRIES.containsAll(symmetries)) {
            problems.add("\"symmetries\" may name " + String.join(", ", SYMMETRIES) + ", not " + symmetries);
        }
        if (symmetries != null && symmetries.contains(ROTATION_90) && inputSize != null && inputSize.length == 2 && inputSize[0] != inputSize[1]) {
            problems.add("\"symmetries\" names " + ROTATION_90 + " but the input is not square");
        }
        if (postProcessing != null && postProcessing.containsValue(null)) {
            problems.add("\"postProcessing\" must give each option a value (e.g. \"min_size\": \"25\")");
        }
        if (output != null && !classes.isEmpty() && classes.size() != output.channels && output.channels > 1) {
            problems.add("\"classes\" names " + classes.size() + " classes but the output has " + output.channels + " channels");
        }
        try {
            normalization();
        } catch (RuntimeException e) {
            problems.add("\"normalization\": " + e.getMessage());
        }
        if (!problems.isEmpty()) {
            throw new ModelLoadException("The descriptor " + file + " is invalid: " + String.join("; ", problems) + ".");
        }
    }

    public void write(Path modelDir) throws IOException {
        Files.createDirectories(modelDir);
        try (Writer writer = Files.newBufferedWriter(modelDir.resolve(FILE_NAME), StandardCharsets.UTF_8)) {
            GSON.toJson(this, writer);
        }
    }

    public String name() {
        return name;
    }

    public String description() {
        return description == null ? "" : description;
    }

    public Task task() {
        return Task.valueOf(task.trim().toUpperCase());
    }

    public String signature() {
        return signature;
    }

    /** The bfloat16 twin of {@link #signature()}, or null when the model has none. */
    public String bfloat16Signature() {
        return bfloat16Signature;
    }

    public Port input() {
        return input;
    }

    public Port output() {
        return output;
    }

    public List<String> classes() {
        return Collections.unmodifiableList(classes);
    }

    public Normalization normalization() {
        if (normalization == null) return Normalization.NONE;
        Normalization.Mode mode;
        try {
            mode = Normalization.Mode.valueOf(normalization.mode.trim().toUpperCase().replace('-', '_'));
        } catch (RuntimeException e) {
            throw new ModelLoadException("mode must be percentile, min_max or none, not " + normalization.mode);
        }
        return new Normalization(mode, normalization.low, normalization.high);
    }

    public int tileMultiple() {
        return tileMultiple;
    }

    public int halo() {
        return halo;
    }

    /** TensorFlow's peak working memory per input pixel of a float32 pass, where the descriptor records it. */
    public OptionalLong activationBytesPerPixel() {
        return activationBytesPerPixel == null ? OptionalLong.empty() : OptionalLong.of(activationBytesPerPixel);
    }

    /**
     * Median diameter in pixels of the objects in the training data (2·sqrt(area/π)), or 0 when not
     * recorded: the scale the model works at, to which {@code object_diameter} rescales an image.
     */
    public double objectDiameter() {
        return objectDiameter == null ? 0 : objectDiameter;
    }

    public ModelDescriptor objectDiameter(double pixels) {
        this.objectDiameter = pixels;
        return this;
    }

    /** [height, width] of a fixed-size input, or null for fully convolutional models. */
    public int[] inputSize() {
        return inputSize == null ? null : inputSize.clone();
    }

    /** The largest window side the model takes, or 0 for no limit. */
    public int largestWindow() {
        return largestWindow == null ? 0 : largestWindow;
    }

    public ModelDescriptor largestWindow(int pixels) {
        this.largestWindow = pixels;
        return this;
    }

    /** "sigmoid" or "softmax": how the output channels were produced (informative). */
    public String outputActivation() {
        return outputActivation;
    }

    /**
     * The temperature that calibrates a classifier's probabilities ({@link io.github.fijiunet.predict.Temperature}):
     * 1 when the descriptor records none.
     */
    public double temperature() {
        return temperature == null ? 1 : temperature;
    }

    /** The symmetries a classifier was trained to ignore (its augmentation), which test-time augmentation averages over. */
    public List<String> symmetries() {
        return symmetries == null ? List.of() : Collections.unmodifiableList(symmetries);
    }

    public ModelDescriptor symmetries(List<String> names) {
        this.symmetries = new ArrayList<>(names);
        return this;
    }

    public ModelDescriptor temperature(double t) {
        this.temperature = t;
        return this;
    }

    /** Free-form training metadata (data, epochs, metrics, command), shown in model cards. */
    public JsonObject training() {
        return training;
    }

    /** The model's own post-processing defaults (instance-option key → value text); empty when it has none. */
    public Map<String, String> postProcessing() {
        return postProcessing == null ? Map.of() : Collections.unmodifiableMap(postProcessing);
    }

    /** How {@link #postProcessing()} was chosen (free-form), or null. */
    public JsonObject tuning() {
        return tuning != null && tuning.isJsonObject() ? tuning.getAsJsonObject() : null;
    }

    public ModelDescriptor postProcessing(Map<String, String> defaults, JsonObject provenance) {
        this.postProcessing = new LinkedHashMap<>(defaults);
        this.tuning = provenance;
        return this;
    }

    /** Replaces {@value #FILE_NAME} in an existing model folder in one step, so a failed write leaves the old one. */
    public void replace(Path modelDir) {
        io.github.fijiunet.AtomicFiles.write(modelDir.resolve(FILE_NAME), true, out -> {
            Writer writer = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8);
            GSON.toJson(this, writer);
            writer.flush();
        });
    }

    public ModelDescriptor bfloat16Signature(String key) {
        this.bfloat16Signature = key;
        return this;
    }

    public ModelDescriptor description(String text) {
        this.description = text;
        return this;
    }

    public ModelDescriptor classes(List<String> names) {
        this.classes = new ArrayList<>(names);
        return this;
    }

    public ModelDescriptor normalization(Normalization n) {
        NormalizationSpec spec = new NormalizationSpec();
        spec.mode = n.mode().name().toLowerCase();
        spec.low = n.low();
        spec.high = n.high();
        this.normalization = spec;
        return this;
    }

    public ModelDescriptor tileMultiple(int multiple) {
        this.tileMultiple = multiple;
        return this;
    }

    public ModelDescriptor halo(int pixels) {
        this.halo = pixels;
        return this;
    }

    public ModelDescriptor activationBytesPerPixel(long bytes) {
        this.activationBytesPerPixel = bytes;
        return this;
    }

    public ModelDescriptor inputSize(int height, int width) {
        this.inputSize = new int[] {height, width};
        return this;
    }

    public ModelDescriptor outputActivation(String activation) {
        this.outputActivation = activation;
        return this;
    }

    public ModelDescriptor training(JsonObject metadata) {
        this.training = metadata;
        return this;
    }
}
