package io.github.fijiunet.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.fijiunet.OptionSpec;
import io.github.fijiunet.predict.ClassificationOption;
import io.github.fijiunet.segment.SegmentationOption;
import io.github.fijiunet.train.TrainingOption;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.scijava.Context;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.CommandService;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleService;
import org.scijava.service.Service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Every SciJava command's inputs against the option definitions: an input named after an option
 * has the option's label, type, default, range and choices once the command is initialised (as a
 * UI or a script sees it); every other input is one the command names as its own.
 */
class CommandOptionsTest {

    private static Context context;

    @BeforeAll
    static void start() {
        context = new Context(CommandService.class, ModuleService.class);
    }

    @AfterAll
    static void stop() {
        context.dispose();
    }

    static Stream<Arguments> commands() {
        List<OptionSpec> classification = new ArrayList<>(List.of(ClassificationOption.values()));
        classification.add(SegmentationOption.DEVICE);
        return Stream.of(
                Arguments.of(SegmentCellsCommand.class, SegmentCellsSettings.OPTIONS, Set.of("input", "model_folder")),
                Arguments.of(BatchSegmentCommand.class, SegmentCellsSettings.OPTIONS, Set.of("input_dir", "output_dir", "overwrite", "resume")),
                Arguments.of(ClassifyImageCommand.class, classification, Set.of("input")),
                Arguments.of(ClassifyRoisCommand.class, classification, Set.of("input", "rois")),
                Arguments.of(TrainModelCommand.class, List.of(TrainingOption.values()),
                        Set.of("architecture", "data_source", "image", "images", "masks", "output", "init_from", "export_bioimageio")),
                Arguments.of(EvaluateSegmentationCommand.class, List.of(), Set.of("prediction_dir", "truth_dir", "csv")));
    }

    @ParameterizedTest
    @MethodSource("commands")
    void inputsNamedAfterOptionsAreDescribedByThem(Class<? extends Command> type, List<OptionSpec> options, Set<String> ownInputs)
            throws Exception {
        Module module = context.service(ModuleService.class).createModule(context.service(CommandService.class).getCommand(type));
        module.initialize();
        Map<String, OptionSpec> byKey = new HashMap<>();
        for (OptionSpec o : options) byKey.put(o.key(), o);
        int described = 0;
        for (ModuleItem<?> item : module.getInfo().inputs()) {
            if (Service.class.isAssignableFrom(item.getType()) || item.getType() == Context.class || item.getIOType() == ItemIO.OUTPUT) continue;
            OptionSpec option = byKey.get(item.getName());
            if (option == null) {
                assertTrue(ownInputs.contains(item.getName()), type.getSimpleName() + "." + item.getName()
                        + " is named after no option; define it in an option enum or list it as the command's own");
                continue;
            }
            String where = type.getSimpleName() + "." + item.getName();
            assertEquals(option.label(), item.getLabel(), where + " label");
            assertEquals(option.help(), item.getDescription(), where + " help");
            // Enum and threshold options are text inputs (SciJava shows choices as text); numbers and booleans keep their type.
            boolean textual = !option.isNumber() && !option.isBoolean();
            assertEquals(textual ? String.class : option.type(), boxed(item.getType()), where + " type");
            Object value = module.getInput(item.getName());
            if (option != SegmentationOption.MODEL && option != ClassificationOption.MODEL) { // the catalogue may offer another first
                // Instance options show the chosen model's own defaults where its descriptor sets them.
                java.util.Map<String, String> tuned = option instanceof io.github.fijiunet.post.InstanceOption && item.getName() != null
                        && module.getInfo().getInput("model") != null
                        ? SegmentCellsSettings.modelDefaults(String.valueOf(module.getInput("model"))) : java.util.Map.of();
                String expected = tuned.containsKey(option.key()) ? option.text(option.parse(tuned.get(option.key()))) : option.defaultText();
                assertEquals(expected, option.text(option.parse(String.valueOf(value))), where + " default");
                if (!option.choices().isEmpty()) assertEquals(option.choices(), item.getChoices(), where + " choices");
            }
            if (option.isNumber() && !Double.isInfinite(option.min())) {
                assertEquals(option.min(), ((Number) item.getMinimumValue()).doubleValue(), where + " minimum");
            }
            if (option.isNumber() && !Double.isInfinite(option.max())) {
                assertEquals(option.max(), ((Number) item.getMaximumValue()).doubleValue(), where + " maximum");
            }
            described++;
        }
        if (!options.isEmpty()) assertTrue(described > 0, type.getSimpleName() + " has no option inputs");
    }

    private static Class<?> boxed(Class<?> type) {
        if (type == boolean.class) return Boolean.class;
        if (type == int.class) return Integer.class;
        if (type == long.class) return Long.class;
        if (type == double.class) return Double.class;
        return type;
    }
}
