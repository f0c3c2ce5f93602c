package io.github.fijiunet.fiji;

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
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What "Segment Cells (U-Net)" was asked to do, in the front ends' terms: model name, the
 * {@link SegmentationOption}s, the {@link InstanceOption}s (as text, parsed by
 * {@link InstanceOptions.Builder#set}) and which outputs to produce. Starts from the enums'
 * defaults; read from and written to macro option strings with the enums' keys, so the SciJava
 * command, the ImageJ 1.x plugin, {@link Macros} and the macro recorder all speak one syntax.
 */
public final class SegmentCellsSettings {

    public String model = (String) SegmentationOption.MODEL.defaultValue();
    public boolean normalize = (Boolean) SegmentationOption.NORMALIZE.defaultValue();
    public double percentileLow = (Double) SegmentationOption.PERCENTILE_LOW.defaultValue();
    public double percentileHigh = (Double) SegmentationOption.PERCENTILE_HIGH.defaultValue();
    public int tileSize = (Integer) SegmentationOption.TILE_SIZE.defaultValue();
    public ComputeDevice device = (ComputeDevice) SegmentationOption.DEVICE.defaultValue();
    public int threads = (Integer) SegmentationOption.THREADS.defaultValue();
    public Precision precision = (Precision) SegmentationOption.PRECISION.defaultValue();
    public boolean labelImage = (Boolean) SegmentationOption.LABEL_IMAGE.defaultValue();
    public boolean roiManager = (Boolean) SegmentationOption.ROI_MANAGER.defaultValue();
    public boolean clearRoiManager = (Boolean) SegmentationOption.CLEAR_ROI_MANAGER.defaultValue();
    public boolean overlay = (Boolean) SegmentationOption.OVERLAY.defaultValue();
    public boolean results = (Boolean) SegmentationOption.RESULTS.defaultValue();
    public boolean probabilityMap = (Boolean) SegmentationOption.PROBABILITY_MAP.defaultValue();
    /** Instance options as macro text; every option has an entry (its default text to start). */
    public final Map<InstanceOption, String> instance = new EnumMap<>(InstanceOption.class);

    public SegmentCellsSettings() {
        for (InstanceOption o : InstanceOption.values()) instance.put(o, o.defaultText());
    }

    /** Every key a macro may use: segmentation options first, then instance options. */
    public static List<String> keys() {
        List<String> keys = new ArrayList<>();
        for (SegmentationOption o : SegmentationOption.values()) keys.add(o.key());
        for (InstanceOption o : InstanceOption.values()) keys.add(o.key());
        return keys;
    }

    /** Settings from a macro option string; missing keys keep their defaults, unknown keys fail. */
    public static SegmentCellsSettings fromMacro(String options, List<String> extraKeys, String command) {
        MacroOptions m = MacroOptions.parse(options);
        List<String> known = keys();
        known.addAll(extraKeys);
        m.requireKnown(known, command);
        SegmentCellsSettings s = new SegmentCellsSettings();
        s.model = m.get(SegmentationOption.MODEL.key(), s.model);
        s.normalize = m.getBoolean(SegmentationOption.NORMALIZE.key(), s.normalize);
        s.percentileLow = m.getDouble(SegmentationOption.PERCENTILE_LOW.key(), s.percentileLow);
        s.percentileHigh = m.getDouble(SegmentationOption.PERCENTILE_HIGH.key(), s.percentileHigh);
        s.tileSize = m.getInt(SegmentationOption.TILE_SIZE.key(), s.tileSize);
        if (m.has(SegmentationOption.DEVICE.key())) s.device = ComputeDevice.parse(m.get(SegmentationOption.DEVICE.key(), null));
        s.threads = m.getInt(SegmentationOption.THREADS.key(), s.threads);
        if (m.has(SegmentationOption.PRECISION.key())) s.precision = Precision.parse(m.get(SegmentationOption.PRECISION.key(), null));
        s.labelImage = m.getBoolean(SegmentationOption.LABEL_IMAGE.key(), s.labelImage);
        s.roiManager = m.getBoolean(SegmentationOption.ROI_MANAGER.key(), s.roiManager);
        s.clearRoiManager = m.getBoolean(SegmentationOption.CLEAR_ROI_MANAGER.key(), s.clearRoiManager);
        s.overlay = m.getBoolean(SegmentationOption.OVERLAY.key(), s.overlay);
        s.results = m.getBoolean(SegmentationOption.RESULTS.key(), s.results);
        s.probabilityMap = m.getBoolean(SegmentationOption.PROBABILITY_MAP.key(), s.probabilityMap);
        for (InstanceOption o : InstanceOption.values()) {
            if (m.has(o.key())) s.instance.put(o, m.get(o.key(), o.defaultText()));
        }
        s.toOptions(); // fail early, with the option's own message, on a bad value
        return s;
    }

    /** Every setting as {@code key=value}, booleans included, in the order of {@link #keys()}. */
    public Map<String, String> toMap() {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put(SegmentationOption.MODEL.key(), model);
        m.put(SegmentationOption.NORMALIZE.key(), String.valueOf(normalize));
        m.put(SegmentationOption.PERCENTILE_LOW.key(), String.valueOf(percentileLow));
        m.put(SegmentationOption.PERCENTILE_HIGH.key(), String.valueOf(percentileHigh));
        m.put(SegmentationOption.TILE_SIZE.key(), String.valueOf(tileSize));
        m.put(SegmentationOption.DEVICE.key(), device.name().toLowerCase(java.util.Locale.ROOT));
        m.put(SegmentationOption.THREADS.key(), String.valueOf(threads));
        m.put(SegmentationOption.PRECISION.key(), precision.text());
        m.put(SegmentationOption.LABEL_IMAGE.key(), String.valueOf(labelImage));
        m.put(SegmentationOption.ROI_MANAGER.key(), String.valueOf(roiManager));
        m.put(SegmentationOption.CLEAR_ROI_MANAGER.key(), String.valueOf(clearRoiManager));
        m.put(SegmentationOption.OVERLAY.key(), String.valueOf(overlay));
        m.put(SegmentationOption.RESULTS.key(), String.valueOf(results));
        m.put(SegmentationOption.PROBABILITY_MAP.key(), String.valueOf(probabilityMap));
        for (InstanceOption o : InstanceOption.values()) m.put(o.key(), instance.get(o));
        return m;
    }

    /** The macro option string that reproduces these settings. */
    public String toMacro() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : toMap().entrySet()) {
            if (sb.length() > 0) sb.append(' ');
            sb.append(MacroOptions.token(e.getKey(), e.getValue()));
        }
        return sb.toString();
    }

    public InstanceOptions instanceOptions() {
        InstanceOptions.Builder b = InstanceOptions.builder();
        for (Map.Entry<InstanceOption, String> e : instance.entrySet()) b.set(e.getKey(), e.getValue());
        return b.build();
    }

    public RuntimeOptions runtimeOptions() {
        return new RuntimeOptions(device, threads, 0, precision);
    }

    public SegmentationOptions toOptions() {
        return SegmentationOptions.builder()
                .normalization(normalize ? Normalization.percentile(percentileLow, percentileHigh) : Normalization.NONE)
                .tiling(TilingOptions.tileSize(tileSize))
                .runtime(runtimeOptions())
                .instances(instanceOptions())
                .keepProbabilities(probabilityMap)
                .build();
    }
}
