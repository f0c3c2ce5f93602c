package io.github.fijiunet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.github.fijiunet.OptionSpec;
import io.github.fijiunet.post.InstanceOption;
import io.github.fijiunet.predict.ClassificationOption;
import io.github.fijiunet.segment.SegmentationOption;
import io.github.fijiunet.train.TrainingOption;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Every CLI command's flags against the option definitions: one flag per option, with its description, default and parser. */
class OptionFlagsTest {

    static Stream<Arguments> commands() {
        List<OptionSpec> segmentation = new ArrayList<>(List.of(SegmentationOption.MODEL, SegmentationOption.NORMALIZE,
                SegmentationOption.PERCENTILE_LOW, SegmentationOption.PERCENTILE_HIGH, SegmentationOption.TILE_SIZE,
                SegmentationOption.DEVICE, SegmentationOption.THREADS, SegmentationOption.PRECISION));
        segmentation.addAll(List.of(InstanceOption.values()));
        List<OptionSpec> classification = new ArrayList<>(List.of(ClassificationOption.values()));
        classification.addAll(List.of(SegmentationOption.DEVICE, SegmentationOption.THREADS, SegmentationOption.PRECISION));
        return Stream.of(
                Arguments.of(new String[] {"segment", "--input", "in.tif", "--output", "out"}, segmentation),
                Arguments.of(new String[] {"batch", "--input", "in", "--output", "out"}, segmentation),
                Arguments.of(new String[] {"classify", "--input", "in.tif"}, classification),
                Arguments.of(new String[] {"train", "--arch", "unet", "--out", "out"}, List.of(TrainingOption.values())));
    }

    @ParameterizedTest
    @MethodSource("commands")
    void eachOptionIsOneFlagWithItsDefinition(String[] args, List<OptionSpec> options) {
        CommandLine cli = new CommandLine(new FijiUnetCli()).setCaseInsensitiveEnumValuesAllowed(true);
        CommandLine.ParseResult parsed = cli.parseArgs(args);
        CommandSpec spec = parsed.subcommand().commandSpec();
        for (OptionSpec option : options) {
            CommandLine.Model.OptionSpec flag = spec.findOption(option.flag());
            String where = args[0] + " " + option.flag();
            assertNotNull(flag, where + " missing");
            assertEquals(OptionFlags.description(option), String.join(" ", flag.description()), where + " description");
            assertEquals(option.defaultText(), option.text(option.parse(String.valueOf((Object) flag.getValue()))), where + " default");
        }
    }

    @ParameterizedTest
    @MethodSource("commands")
    void badValuesFailWithTheOptionsOwnMessage(String[] args, List<OptionSpec> options) {
        for (OptionSpec option : options) {
            if (!option.isNumber() || Double.isInfinite(option.min())) continue;
            List<String> line = new ArrayList<>(List.of(args));
            line.add(option.flag());
            line.add(String.valueOf((long) option.min() - 1));
            CommandLine cli = new CommandLine(new FijiUnetCli());
            CommandLine.ParameterException e = org.junit.jupiter.api.Assertions.assertThrows(CommandLine.ParameterException.class,
                    () -> cli.parseArgs(line.toArray(new String[0])), String.join(" ", line));
            String expected = "Option " + option.key() + " must be";
            org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains(expected), e.getMessage());
        }
    }
}
