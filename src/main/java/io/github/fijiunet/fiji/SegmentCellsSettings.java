package io.github.fijiunet.fiji;

import io.github.fijiunet.OptionSpec;
import io.github.fijiunet.model.ComputeDevice;
import io.github.fijiunet.model.Precision;
import io.github.fijiunet.model.RuntimeOptions;
import io.github.fijiunet.post.InstanceOption;
import io.github.fijiunet.post.InstanceOptions;
import io.github.fijiunet.predict.TilingOptions;
import io.github.fijiunet.segment.SegmentationOption;
import io.github.fijiunet.segment.SegmentationOptions;
import io.github.fijiunet.tensor.Normalization;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What "Segment Cells (U-Net)" was asked to do: a value for every {@link SegmentationOption} and
 * {@link InstanceOption}, each parsed and checked by its option when set. Starts from the
 * options' defaults; read from and written to macro option strings with the options' keys, so
 * the SciJava command, the ImageJ 1.x plugin, {@link Macros} and the macro recorder all speak
 * one syntax, and a new option needs no code here.
 */
public final class SegmentCellsSettings {

    /** Every option, in the order dialogs show and the recorder writes them: segmentation, then instance options. */
    public static final List<OptionSpec> OPTIONS;

    static {
        List<OptionSpec> options = new ArrayList<>(List.of(SegmentationOption.values()));
        options.addAll(List.of(InstanceOption.values()));
        OPTIONS = Collections.unmodifiableList(options);
    }

    private final Map<OptionSpec, Object> values = new LinkedHashMap<>();
    /** The options set explicitly; instance options not among them follow the model's own defaults. */
    private final java.util.Set<OptionSpec> given = new java.util.HashSet<>();

    public SegmentCellsSettings() {
        for (OptionSpec o : OPTIONS) values.put(o, o.defaultValue());
    }

    /** Sets {@code option} from its text (macro value, dialog field); a bad value fails with the option's message. */
    public SegmentCellsSettings set(OptionSpec option, String text) {
        if (!values.containsKey(option)) throw new IllegalArgumentException(option.key() + " is not a segmentation option");
        values.put(option, option.parse(text));
        given.add(option);
        return this;
    }

    /** The value of {@code option}, typed as its default. */
    public Object value(OptionSpec option) {
        return values.get(option);
    }

    /** The value as macros write it. */
    public String text(OptionSpec option) {
        return option.text(values.get(option));
    }

    /**
     * The value a dialog shows for {@code option}: its own when set, else the model's default
     * (from {@code modelDefaults}, a descriptor's "postProcessing") for an instance option that
     * the model sets, else the option's default.
     */
    public String text(OptionSpec option, Map<String, String> modelDefaults) {
        if (!given.contains(option) && option instanceof InstanceOption && modelDefaults.containsKey(option.key())) {
            try {
                return option.text(option.parse(modelDefaults.get(option.key())));
            } catch (io.github.fijiunet.InvalidInputException bad) {
                return text(option); // the run reports the model's bad value, naming the model
            }
        }
        return text(option);
    }

    /** The post-processing defaults of a catalogue model or model folder; none when it has none or cannot be read (it then fails when run). */
    public static Map<String, String> modelDefaults(String model) {
        try {
            java.nio.file.Path dir = io.github.fijiunet.model.ModelCatalog.standard().resolve(model);
            if (java.nio.file.Files.isRegularFile(dir.resolve(io.github.fijiunet.model.ModelDescriptor.FILE_NAME))) {
                return io.github.fijiunet.model.ModelDescriptor.read(dir).postProcessing();
            }
        } catch (RuntimeException unreadable) {
            // The run reports it with the loader's message.
        }
        return Map.of();
    }

    /** Whether {@code option} was set (macro key, dialog field) rather than left at its default. */
    public boolean isGiven(OptionSpec option) {
        return given.contains(option);
    }

    /** Whether a boolean option (an output such as {@link SegmentationOption#OVERLAY}) is on. */
    public boolean isOn(OptionSpec option) {
        return (Boolean) values.get(option);
    }

    public String model() {
        return (String) values.get(SegmentationOption.MODEL);
    }

    /** Every key a macro may use, in the order of {@link #OPTIONS}. */
    public static List<String> keys() {
        List<String> keys = new ArrayList<>();
        for (OptionSpec o : OPTIONS) keys.add(o.key());
        return keys;
    }

    /** Settings from a macro option string; missing keys keep their defaults, unknown keys fail. */
    public static SegmentCellsSettings fromMacro(String options, List<String> extraKeys, String command) {
        MacroOptions m = MacroOptions.parse(options);
        List<String> known = keys();
        known.addAll(extraKeys);
        m.requireKnown(known, command);
        SegmentCellsSettings s = new SegmentCellsSettings();
        for (OptionSpec o : OPTIONS) {
            if (m.has(o.key())) s.set(o, m.get(o.key(), null));
        }
        s.toOptions(); // fail early on a bad combination (e.g. max_size below min_size)
        return s;
    }

    /** Every setting as {@code key=value}, booleans included, in the order of {@link #OPTIONS}. */
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        for (OptionSpec o : OPTIONS) m.put(o.key(), text(o));
        return m;
    }

    /** The macro option string that reproduces these settings. */
    public String toMacro() {
        return MacroOptions.join(toMap());
    }

    /** The instance options set here; the others are left for the model's defaults ({@link InstanceOptions#withModelDefaults}). */
    public InstanceOptions instanceOptions() {
        InstanceOptions.Builder b = InstanceOptions.builder();
        for (InstanceOption o : InstanceOption.values()) if (given.contains(o)) b.value(o, value(o));
        return b.build();
    }

    public RuntimeOptions runtimeOptions() {
        return new RuntimeOptions((ComputeDevice) value(SegmentationOption.DEVICE), (Integer) value(SegmentationOption.THREADS), 0,
                (Precision) value(SegmentationOption.PRECISION));
    }

    public SegmentationOptions toOptions() {
        Normalization normalization = isOn(SegmentationOption.NORMALIZE)
                ? Normalization.percentile((Double) value(SegmentationOption.PERCENTILE_LOW), (Double) value(SegmentationOption.PERCENTILE_HIGH))
                : Normalization.NONE;
        return SegmentationOptions.builder()
                .normalization(normalization)
                .tiling(TilingOptions.tileSize((Integer) value(SegmentationOption.TILE_SIZE)))
                .runtime(runtimeOptions())
                .instances(instanceOptions())
                .keepProbabilities(isOn(SegmentationOption.PROBABILITY_MAP))
                .testTimeAugmentation(isOn(SegmentationOption.TTA))
                .keepUncertainty(isOn(SegmentationOption.UNCERTAINTY_MAP))
                .channel((Integer) value(SegmentationOption.CHANNEL))
                .objectDiameter((Double) value(SegmentationOption.OBJECT_DIAMETER))
                .build();
    }
}
