package io.github.fijiunet.cli;

import io.github.fijiunet.bioimageio.BioImageIoModel;
import io.github.fijiunet.bioimageio.PackageTest;
import io.github.fijiunet.model.ModelCatalog;
import io.github.fijiunet.model.RuntimeOptions;
import io.github.fijiunet.workflow.BioImageIoExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code fiji-unet export-bioimageio}: a fiji-unet model as a bioimage.io package, tested as its receivers will test it. */
@Command(name = "export-bioimageio", mixinStandardHelpOptions = true,
        description = {"Write a fiji-unet model as a bioimage.io model package (format " + BioImageIoExport.FORMAT_VERSION + ", a zip) that "
                + "DeepImageJ, ilastik, BiaPy and bioimage.io's tools run: TensorFlow SavedModel weights, fiji-unet's normalisation as "
                + "pre-processing, test tensors from --test-image, a cover, the model card. The package's own test then runs on it."})
public final class ExportBioImageIoCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--model", required = true, description = "Model name (in models/) or model folder.")
    private String model;

    @Option(names = "--test-image", required = true, paramLabel = "IMAGE",
            description = "An image like those the model works on; its top-left part (at most " + 256 + " px square) becomes the test input.")
    private Path testImage;

    @Option(names = "--out", required = true, paramLabel = "ZIP", description = "The package file to write (.zip).")
    private Path out;

    @Option(names = "--author", paramLabel = "NAME", description = "An author (repeat for several). Default: fiji-unet.")
    private List<String> authors;

    @Option(names = "--license", paramLabel = "SPDX", description = "The weights' licence as an SPDX id (e.g. MIT, CC-BY-4.0); bioimage.io asks for one.")
    private String license;

    @Option(names = "--overwrite", description = "Replace an existing file.")
    private boolean overwrite;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Path folder = ModelCatalog.standard().resolve(model);
        BioImageIoExport.Report report = BioImageIoExport.export(folder, testImage, this.out, new BioImageIoExport.Metadata(authors, license),
                overwrite, new ConsoleProgress(spec.commandLine().getErr()));
        out.println("Wrote " + report.file + " (" + String.join(", ", report.files) + "); " + report.summary + ".");
        if (license == null) out.println("Note: no --license given; bioimage.io asks for the weights' licence before it publishes a model.");
        try (BioImageIoModel exported = BioImageIoModel.load(report.file, RuntimeOptions.DEFAULT, null)) {
            PackageTest.Result test = PackageTest.run(exported);
            out.println("Package test: " + test.summary());
            return test.passed() ? 0 : 1;
        }
    }
}
