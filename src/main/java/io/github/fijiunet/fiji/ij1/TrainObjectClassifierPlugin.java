package io.github.fijiunet.fiji.ij1;

import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.gui.Roi;
import ij.plugin.frame.RoiManager;
import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.OptionSpec;
import io.github.fijiunet.fiji.ImageJProgress;
import io.github.fijiunet.fiji.MacroOptions;
import io.github.fijiunet.fiji.SegmentCells;
import io.github.fijiunet.fiji.UserMessages;
import io.github.fijiunet.model.ModelCatalog;
import io.github.fijiunet.predict.ClassificationOption;
import io.github.fijiunet.predict.ClassificationOptions;
import io.github.fijiunet.tensor.Normalization;
import io.github.fijiunet.train.Architecture;
import io.github.fijiunet.train.Augmentation;
import io.github.fijiunet.train.EpochResult;
import io.github.fijiunet.train.TrainingListener;
import io.github.fijiunet.train.TrainingOption;
import io.github.fijiunet.train.TrainingOptions;
import io.github.fijiunet.train.TrainingReport;
import io.github.fijiunet.workflow.LabelImages;
import io.github.fijiunet.workflow.ObjectClassifierTraining;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ImageJ 1.x entry "Train Object Classifier..." (plugins.config): the ROI Manager's ROIs on the
 * current image, put into one group (or named {@code <class>-<n>}) per class, train a CNN object
 * classifier; Classify ROIs then uses it with {@code model=[<output>]}:
 * <pre>run("Train Object Classifier...", "output=[/models/mitosis-cnn] epochs=40");</pre>
 * Keys: {@value #OUTPUT} and the {@link #OPTIONS}' keys. The crops are those Classify ROIs makes
 * with the same margin and square setting.
 */
public class TrainObjectClassifierPlugin extends Ij1Command {

    static final String TITLE = "Train Object Classifier";
    static final String OUTPUT = "output";
    /** Where the dialog keeps its last settings (ImageJ's preferences). */
    static final String PREFS_KEY = "fijiunet.train-objects.options";

    /** The options the dialog shows and macros may set, besides the output folder. */
    public static final List<OptionSpec> OPTIONS = List.of(TrainingOption.EPOCHS, TrainingOption.VAL_FRACTION, TrainingOption.SEED,
            ClassificationOption.MARGIN, ClassificationOption.SQUARE_CROPS, TrainingOption.OVERWRITE);

    @Override
    String title(String arg) {
        return TITLE;
    }

    @Override
    boolean needsImage(String arg) {
        return true;
    }

    @Override
    void execute(String arg, String options, ImageJProgress progress) {
        MacroOptions m = MacroOptions.parse(options);
        List<String> known = new ArrayList<>(List.of(OUTPUT));
        for (OptionSpec o : OPTIONS) known.add(o.key());
        m.requireKnown(known, TITLE);
        String output = m.get(OUTPUT, "");
        if (output.isBlank()) {
            throw new InvalidInputException("Give the classifier a name (saved in the models folder, offered by Classify ROIs) or a folder: "
                    + OUTPUT + "=my-classifier or " + OUTPUT + "=[/path/to/my-classifier].");
        }
        RoiManager manager = SegmentCells.callersRoiManager();
        List<Roi> rois = manager == null ? List.of() : Arrays.asList(manager.getRoisAsArray());
        if (rois.isEmpty()) {
            throw new InvalidInputException("The ROI Manager is empty: outline example objects of each class, put each class into its own "
                    + "group (ROI Manager > Properties... > Group) or name them <class>-1, <class>-2, ..., then train.");
        }
        // After Segment Cells the label image is current; the examples are the objects of the image it came from.
        ij.ImagePlus image = LabelImages.sourceOrSelf(WindowManager.getCurrentImage());
        Path out = ModelCatalog.standard().outputFolder(output);
        TrainingOptions training = TrainingOptions.builder(out.getFileName().toString(), out).architecture(Architecture.CNN)
                .epochs((Integer) value(m, TrainingOption.EPOCHS)).seed((Long) value(m, TrainingOption.SEED))
                .overwrite((Boolean) value(m, TrainingOption.OVERWRITE)).normalization(Normalization.minMax())
                .augmentation(Augmentation.microscopy())
                .description("Object classifier trained in ImageJ on " + rois.size() + " example ROIs of " + image.getTitle() + ".")
                .build();
        ClassificationOptions crops = ClassificationOptions.builder()
                .set(ClassificationOption.MARGIN, m.get(ClassificationOption.MARGIN.key(), ClassificationOption.MARGIN.defaultText()))
                .set(ClassificationOption.SQUARE_CROPS, m.get(ClassificationOption.SQUARE_CROPS.key(), ClassificationOption.SQUARE_CROPS.defaultText()))
                .build();
        TrainingReport report = ObjectClassifierTraining.train(training, crops, List.of(ObjectClassifierTraining.Examples.of(image, rois)),
                List.of(), (Double) value(m, TrainingOption.VAL_FRACTION), new TrainingListener() {
                    @Override
                    public void epochFinished(EpochResult epoch) {
                        UserMessages.log(TITLE + ": " + epoch.format());
                    }
                }, progress);
        UserMessages.log(TITLE + ": " + report.summary());
        UserMessages.log(TITLE + ": classify with run(\"Classify ROIs (CNN)\", \"model=[" + report.modelDir() + "]\");");
        progress.outcome(TITLE + ": model written to " + report.modelDir());
    }

    private static Object value(MacroOptions m, OptionSpec option) {
        return option.parse(m.get(option.key(), option.defaultText()));
    }

    @Override
    String showDialog(String arg) {
        MacroOptions last = Ij1Dialogs.lastOptions(PREFS_KEY);
        GenericDialog gd = new GenericDialog(TITLE);
        gd.addMessage("Examples: the ROI Manager's ROIs on this image, one ROI group (or name prefix) per class.");
        gd.addDirectoryField("Model name (saved in models/) or folder", last.get(OUTPUT, "my-classifier"));
        for (OptionSpec o : OPTIONS) {
            String text = o == TrainingOption.OVERWRITE ? o.defaultText() : last.get(o.key(), o.defaultText());
            Ij1Dialogs.addField(gd, o, text);
        }
        gd.addHelp(Ij1Dialogs.help(TITLE, "Trains a CNN classifier on example objects: the ROI Manager's ROIs on this image, one ROI "
                + "group per class (named after it) or named <class>-1, <class>-2, ..., at least " + ObjectClassifierTraining.MIN_EXAMPLES_PER_CLASS
                + " per class. Classify ROIs (CNN) then uses the model folder.", OPTIONS));
        gd.showDialog();
        if (gd.wasCanceled()) return null;
        Map<String, String> values = new LinkedHashMap<>();
        values.put(OUTPUT, gd.getNextString().trim());
        for (OptionSpec o : OPTIONS) values.put(o.key(), o.text(o.parse(Ij1Dialogs.readField(gd, o))));
        return Ij1Dialogs.recordAndRemember(PREFS_KEY, values);
    }
}
