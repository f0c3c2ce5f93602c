package io.github.fijiunet.cli;

import io.github.fijiunet.InvalidOptionException;
import io.github.fijiunet.bioimageio.BioImageIoModel;
import io.github.fijiunet.bioimageio.PackageTest;
import io.github.fijiunet.model.ModelCatalog;
import io.github.fijiunet.model.RuntimeOptions;
import io.github.fijiunet.workflow.BioImageIoExport;
import io.github.fijiunet.workflow.ExportOption;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code fiji-unet export-bioimageio}: a fiji-unet model as a bioimage.io package, tested as its receivers will test it. */
@Command(name = "export-bioimageio", mixinStandardHelpOptions = true, sortOptions = false, modelTransformer = ExportBioImageIoCommand.Flags.class,
        description = {"Write a fiji-unet model as a bioimage.io model package (format " + BioImageIoExport.FORMAT_VERSION + ", a zip) that "
                + "DeepImageJ, ilastik, BiaPy and bioimage.io's tools run: TensorFlow SavedModel weights, fiji-unet's normalisation as "
                + "pre-processing, test tensors from --test-image, a cover, the model card. The package's own test then runs on it."})
public final class ExportBioImageIoCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--model", required = true)
    private String model;

    @Option(names = "--test-image", required = true)
    private String testImage;

    @Option(names = "--out", required = true)
    private String out;

    @Option(names = "--authors", defaultValue = "")
    private String authors;

    @Option(names = "--license", defaultValue = "")
    private String license;

    @Option(names = "--overwrite")
    private boolean overwrite;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        if (testImage.isBlank()) throw new InvalidOptionException("--test-image needs an image file like those the model works on.");
        Path folder = ModelCatalog.standard().resolve(model);
        BioImageIoExport.Report report = BioImageIoExport.export(folder, Path.of(testImage), Path.of(out), BioImageIoExport.Metadata.of(authors, license),
                overwrite, new ConsoleProgress(spec.commandLine().getErr()));
        stdout.println("Wrote " + report.file + " (" + String.join(", ", report.files) + "); " + report.summary + ".");
        if (license.isBlank()) stdout.println("Note: no --license given; bioimage.io asks for the weights' licence before it publishes a model.");
        try (BioImageIoModel exported = BioImageIoModel.load(report.file, RuntimeOptions.DEFAULT, null)) {
            PackageTest.Result test = PackageTest.run(exported);
            stdout.println("Package test: " + test.summary());
            return test.passed() ? 0 : 1;
        }
    }

    /** Descriptions of the flags from their {@link ExportOption} definitions. */
    public static final class Flags implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            OptionFlags.describeAnnotated(spec, List.of(ExportOption.values()));
            return spec;
        }
    }
}
