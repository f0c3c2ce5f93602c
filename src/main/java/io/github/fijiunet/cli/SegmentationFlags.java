package io.github.fijiunet.cli;

import io.github.fijiunet.post.InstanceOption;
import io.github.fijiunet.post.InstanceOptions;
import io.github.fijiunet.predict.TilingOptions;
import io.github.fijiunet.segment.SegmentationOption;
import io.github.fijiunet.segment.SegmentationOptions;
import io.github.fijiunet.tensor.Normalization;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.CommandSpec;

import java.util.List;

/**
 * Adds the segmentation flags to a command ({@code segment}, {@code batch}): the model, the
 * {@link SegmentationOption}s that apply without a GUI, and every {@link InstanceOption}.
 */
public final class SegmentationFlags implements IModelTransformer {

    /** Besides the runtime ones; the display-only options (windows, ROI Manager) have no meaning on the command line. */
    private static final List<SegmentationOption> HEADLESS = List.of(SegmentationOption.MODEL, SegmentationOption.CHANNEL,
            SegmentationOption.OBJECT_DIAMETER, SegmentationOption.NORMALIZE,
            SegmentationOption.PERCENTILE_LOW, SegmentationOption.PERCENTILE_HIGH, SegmentationOption.TILE_SIZE, SegmentationOption.TTA);

    @Override
    public CommandSpec transform(CommandSpec spec) {
        for (SegmentationOption option : HEADLESS) OptionFlags.add(spec, option);
        OptionFlags.addRuntime(spec);
        for (InstanceOption option : InstanceOption.values()) OptionFlags.add(spec, option);
        return spec;
    }

    static String model(CommandSpec spec) {
        return OptionFlags.text(spec, SegmentationOption.MODEL);
    }

    /**
     * The options the flags describe. Normalisation is the model's own unless the command line
     * sets {@code --normalize} or a percentile; so are the instance options the model sets in its
     * descriptor ("postProcessing") unless the command line gives them.
     */
    static SegmentationOptions options(CommandSpec spec) {
        InstanceOptions.Builder instances = InstanceOptions.builder();
        for (InstanceOption option : InstanceOption.values()) {
            if (OptionFlags.given(spec, option)) instances.set(option, OptionFlags.text(spec, option));
        }
        return SegmentationOptions.builder()
                .normalization(normalization(spec))
                .tiling(TilingOptions.tileSize(OptionFlags.<Integer>value(spec, SegmentationOption.TILE_SIZE)))
                .runtime(OptionFlags.runtime(spec))
                .instances(instances.build())
                .channel(OptionFlags.<Integer>value(spec, SegmentationOption.CHANNEL))
                .objectDiameter(OptionFlags.<Double>value(spec, SegmentationOption.OBJECT_DIAMETER))
                .testTimeAugmentation(OptionFlags.<Boolean>value(spec, SegmentationOption.TTA))
                .build();
    }

    private static Normalization normalization(CommandSpec spec) {
        boolean normalize = OptionFlags.value(spec, SegmentationOption.NORMALIZE);
        if (!normalize) return Normalization.NONE;
        boolean percentilesGiven = OptionFlags.given(spec, SegmentationOption.PERCENTILE_LOW)
                || OptionFlags.given(spec, SegmentationOption.PERCENTILE_HIGH);
        if (!percentilesGiven && !OptionFlags.given(spec, SegmentationOption.NORMALIZE)) return null;
        return Normalization.percentile(OptionFlags.<Double>value(spec, SegmentationOption.PERCENTILE_LOW),
                OptionFlags.<Double>value(spec, SegmentationOption.PERCENTILE_HIGH));
    }
}
