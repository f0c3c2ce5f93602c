package io.github.fijiunet.bioimageio;

import java.util.ArrayList;
import java.util.List;

/** One input or output tensor of a bioimage.io model: id, axes, test tensor and processing steps. */
public final class TensorDescription {

    private final String id;
    private final String description;
    private final List<Axis> axes;
    private final FileReference testTensor;
    private final List<Processing.Step> processing;

    TensorDescription(String id, String description, List<Axis> axes, FileReference testTensor, List<Processing.Step> processing) {
        this.id = id;
        this.description = description == null ? "" : description;
        this.axes = List.copyOf(axes);
        this.testTensor = testTensor;
        this.processing = List.copyOf(processing);
    }

    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    public List<Axis> axes() {
        return axes;
    }

    public List<String> axisIds() {
        List<String> ids = new ArrayList<>();
        for (Axis a : axes) ids.add(a.id());
        return ids;
    }

    /** The axis of that id, or null. */
    public Axis axis(String axisId) {
        for (Axis a : axes) if (a.id().equals(axisId)) return a;
        return null;
    }

    /** The first axis of that type, or null. */
    public Axis axis(Axis.Type type) {
        for (Axis a : axes) if (a.type() == type) return a;
        return null;
    }

    /** The test tensor's file (null when the description has none). */
    public FileReference testTensor() {
        return testTensor;
    }

    /** Pre-processing for an input, post-processing for an output. */
    public List<Processing.Step> processing() {
        return processing;
    }

    /** The channel names, or {@code channel 0..n-1} for a channel axis without names; empty without a channel axis. */
    public List<String> channelNames() {
        Axis channel = axis(Axis.Type.CHANNEL);
        if (channel == null) return List.of();
        if (!channel.channelNames().isEmpty()) return channel.channelNames();
        List<String> names = new ArrayList<>();
        for (int c = 0; c < Math.max(channel.fixedSize(), 1); c++) names.add("channel " + c);
        return names;
    }

    @Override
    public String toString() {
        return id + axes;
    }
}
