package io.github.fijiunet.fiji.ij1;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.GenericDialog;
import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.OptionSpec;
import io.github.fijiunet.bioimageio.BioImageIoModel;
import io.github.fijiunet.bioimageio.PackageTest;
import io.github.fijiunet.fiji.ImageJProgress;
import io.github.fijiunet.fiji.MacroOptions;
import io.github.fijiunet.fiji.UserMessages;
import io.github.fijiunet.model.ModelCatalog;
import io.github.fijiunet.model.RuntimeOptions;
import io.github.fijiunet.workflow.BioImageIoExport;
import io.github.fijiunet.workflow.ExportOption;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ImageJ 1.x entry "Export bioimage.io Model..." (plugins.config): a fiji-unet model as a
 * bioimage.io package for DeepImageJ, ilastik and the model zoo, its test input cut from the
 * current image (or {@code test_image}), then tested as the receiver will test it:
 * <pre>run("Export bioimage.io Model...", "model=nuclei-unet out=[/data/nuclei-unet.bioimageio.zip] license=MIT");</pre>
 */
public class ExportBioImageIoPlugin extends Ij1Command {

    static final String TITLE = "Export bioimage.io Model";
    static final String PREFS_KEY = "fijiunet.export-bioimageio.options";
    static final List<OptionSpec> OPTIONS = List.of(ExportOption.values());

    @Override
    String title(String arg) {
        return TITLE;
    }

    @Override
    boolean needsImage(String arg) {
        return false;
    }

    @Override
    void execute(String arg, String options, ImageJProgress progress) {
        MacroOptions m = MacroOptions.parse(options);
        List<String> known = new ArrayList<>();
        for (OptionSpec o : OPTIONS) known.add(o.key());
        m.requireKnown(known, TITLE);
        String out = text(m, ExportOption.OUT);
        if (out.isBlank()) throw new InvalidInputException("Give the package file to write: " + ExportOption.OUT.key() + "=[/path/to/model.bioimageio.zip].");
        String testImage = text(m, ExportOption.TEST_IMAGE);
        ImagePlus image = testImage.isBlank() ? WindowManager.getCurrentImage() : IJ.openImage(testImage);
        if (image == null) {
            throw new InvalidInputException(testImage.isBlank() ? "Open a test image (one like those the model works on) or give "
                    + ExportOption.TEST_IMAGE.key() + "=[/path/to/image.tif]." : "ImageJ cannot open the test image " + testImage + ".");
        }
        Path model = ModelCatalog.standard().resolve(text(m, ExportOption.MODEL));
        BioImageIoExport.Report report = BioImageIoExport.export(model, image, Path.of(out),
                BioImageIoExport.Metadata.of(text(m, ExportOption.AUTHORS), text(m, ExportOption.LICENSE)),
                (Boolean) ExportOption.OVERWRITE.parse(m.get(ExportOption.OVERWRITE.key(), ExportOption.OVERWRITE.defaultText())), progress);
        UserMessages.log(TITLE + ": wrote " + report.file + " (" + report.summary + ").");
        try (BioImageIoModel exported = BioImageIoModel.load(report.file, RuntimeOptions.DEFAULT, null)) {
            PackageTest.Result test = PackageTest.run(exported);
            UserMessages.log(TITLE + ": package test " + test.summary());
            if (!test.passed()) throw new InvalidInputException("The exported package fails its own test: " + test.summary());
            progress.outcome(TITLE + ": " + report.file.getFileName() + " written, its test passes");
        }
    }

    private static String text(MacroOptions m, OptionSpec option) {
        return m.get(option.key(), option.defaultText()).trim();
    }

    @Override
    String showDialog(String arg) {
        MacroOptions last = Ij1Dialogs.lastOptions(PREFS_KEY);
        GenericDialog gd = new GenericDialog(TITLE);
        gd.addMessage("Writes a bioimage.io package (DeepImageJ, ilastik, bioimage.io); the test input is cut from "
                + (WindowManager.getCurrentImage() != null ? "the current image" : "the test image") + ".");
        for (OptionSpec o : OPTIONS) {
            String text = o == ExportOption.OVERWRITE ? o.defaultText() : last.get(o.key(), o.defaultText());
            Ij1Dialogs.addField(gd, o, text);
        }
        gd.addHelp(Ij1Dialogs.help(TITLE, "Writes a fiji-unet model as a bioimage.io model package (format " + BioImageIoExport.FORMAT_VERSION
                + "): TensorFlow weights, fiji-unet's normalisation as pre-processing, test tensors, a cover and the model card; "
                + "then runs the package's own test.", OPTIONS));
        gd.showDialog();
        if (gd.wasCanceled()) return null;
        Map<String, String> values = new LinkedHashMap<>();
        for (OptionSpec o : OPTIONS) values.put(o.key(), o.text(o.parse(Ij1Dialogs.readField(gd, o))));
        return Ij1Dialogs.recordAndRemember(PREFS_KEY, values);
    }
}
