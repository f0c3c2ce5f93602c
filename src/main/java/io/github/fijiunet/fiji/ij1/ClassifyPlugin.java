package io.github.fijiunet.fiji.ij1;

import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.gui.Roi;
import ij.measure.ResultsTable;
import ij.plugin.frame.RoiManager;
import io.github.fijiunet.OptionSpec;
import io.github.fijiunet.fiji.ImageJProgress;
import io.github.fijiunet.fiji.MacroOptions;
import io.github.fijiunet.fiji.SegmentCells;
import io.github.fijiunet.fiji.UserMessages;
import io.github.fijiunet.model.ComputeDevice;
import io.github.fijiunet.model.RuntimeOptions;
import io.github.fijiunet.predict.ClassificationOption;
import io.github.fijiunet.predict.ClassificationOptions;
import io.github.fijiunet.segment.SegmentationOption;
import io.github.fijiunet.workflow.Classify;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ImageJ 1.x entries "Classify Image (CNN)" ({@code arg "image"}) and "Classify ROIs (CNN)"
 * ({@code arg "rois"}), registered in plugins.config:
 * <pre>
 * run("Classify ROIs (CNN)", "model=fashion-cnn margin=2");   // ROI Manager ROIs of the current image
 * run("Classify Image (CNN)", "model=fashion-cnn");           // every plane of the current image
 * </pre>
 * Keys are those of {@link ClassificationOption} plus {@code device}; results go to the system
 * "Results" table ({@code getResultString("Class", i)}; Segment Cells' measurements are kept), the
 * class into each ROI's properties and group, on the image the ROIs came from.
 */
public class ClassifyPlugin extends Ij1Command {

    @Override
    String title(String arg) {
        return "rois".equals(arg) ? "Classify ROIs (CNN)" : "Classify Image (CNN)";
    }

    @Override
    boolean needsImage(String arg) {
        return true;
    }

    @Override
    String showDialog(String arg) {
        return showDialog(title(arg), "rois".equals(arg));
    }

    @Override
    void execute(String arg, String options, ImageJProgress progress) {
        boolean rois = "rois".equals(arg);
        String title = title(arg);
        ImagePlus imp = WindowManager.getCurrentImage();
        MacroOptions m = MacroOptions.parse(options);
        List<String> known = new ArrayList<>();
        for (ClassificationOption o : ClassificationOption.values()) known.add(o.key());
        known.add(SegmentationOption.DEVICE.key());
        m.requireKnown(known, title);
        ClassificationOptions.Builder b = ClassificationOptions.builder();
        for (ClassificationOption o : ClassificationOption.values()) {
            if (o != ClassificationOption.MODEL && m.has(o.key())) b.set(o, m.get(o.key(), o.defaultText()));
        }
        String model = m.get(ClassificationOption.MODEL.key(), ClassificationOption.MODEL.defaultText());
        RuntimeOptions runtime = new RuntimeOptions((ComputeDevice) SegmentationOption.DEVICE.parse(m.get(SegmentationOption.DEVICE.key(),
                SegmentationOption.DEVICE.defaultText())), 0, 0, io.github.fijiunet.model.Precision.FLOAT32);
        ResultsTable table;
        if (rois) {
            RoiManager rm = SegmentCells.callersRoiManager();
            List<Roi> list = rm == null ? new ArrayList<>() : new ArrayList<>(Arrays.asList(rm.getRoisAsArray()));
            table = Classify.rois(imp, list, ResultsTable.getResultsTable(), model, runtime, b.build(), progress, UserMessages::log);
            if (rm != null) rm.repaint();
        } else {
            table = Classify.image(imp, model, runtime, b.build(), progress, UserMessages::log);
        }
        SegmentCells.showResults(table);
    }

    private static String showDialog(String title, boolean rois) {
        List<OptionSpec> shown = rois ? List.of(ClassificationOption.MARGIN, ClassificationOption.SQUARE_CROPS, ClassificationOption.TTA,
                SegmentationOption.DEVICE) : List.of(ClassificationOption.TTA, SegmentationOption.DEVICE);
        GenericDialog gd = new GenericDialog(title);
        Ij1Dialogs.addModelFields(gd, ClassificationOption.MODEL, ClassificationOption.MODEL.defaultText(), true);
        for (OptionSpec o : shown) Ij1Dialogs.addField(gd, o, o.defaultText());
        gd.addHelp(Ij1Dialogs.help(title, rois ? "Classifies each ROI of the ROI Manager on the image it outlines: Class and Probability "
                + "columns in the Results, the class as ROI property and group." : "Classifies every plane of the current image.", shown));
        gd.showDialog();
        if (gd.wasCanceled()) return null;
        Map<String, String> values = new LinkedHashMap<>();
        values.put(ClassificationOption.MODEL.key(), Ij1Dialogs.readModel(gd));
        for (OptionSpec o : shown) values.put(o.key(), o.text(o.parse(Ij1Dialogs.readField(gd, o))));
        return Ij1Dialogs.recordAndJoin(values);
    }
}
