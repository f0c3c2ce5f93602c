package io.github.fijiunet.cli;

import io.github.fijiunet.bioimageio.BioImageIoModel;
import io.github.fijiunet.bioimageio.PackageTest;
import io.github.fijiunet.bioimageio.TensorDescription;
import io.github.fijiunet.model.ComputeDevice;
import io.github.fijiunet.model.RuntimeOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code fiji-unet bioimageio test PACKAGE}: a bioimage.io package's own test, as {@code bioimageio test} runs it. */
@Command(name = "bioimageio", mixinStandardHelpOptions = true,
        description = {"bioimage.io model packages (a folder or .zip with bioimageio.yaml / rdf.yaml)."},
        subcommands = {BioImageIoCommand.Test.class})
public final class BioImageIoCommand {

    @Command(name = "test", mixinStandardHelpOptions = true,
            description = {"Run the package's test: its test inputs through the model with the package's pre- and post-processing, "
                    + "compared with its test outputs within the package's tolerance (bioimage.io's default: 1.5e-4 + 1e-4 x |expected|). "
                    + "Prints PASS or FAIL with the largest difference; exit status 0 on PASS, 1 on FAIL."})
    static final class Test implements Callable<Integer> {

        @Spec
        private CommandSpec spec;

        @Parameters(paramLabel = "PACKAGE", description = "The package folder or .zip.")
        private Path packagePath;

        @Option(names = "--weights", paramLabel = "FORMAT", description = "Weight format to test (onnx or tensorflow_saved_model_bundle); "
                + "default: the first of these the package has.")
        private String weights;

        @Option(names = "--device", defaultValue = "cpu", description = "cpu or gpu. Default: ${DEFAULT-VALUE}.")
        private String device;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            RuntimeOptions options = new RuntimeOptions(ComputeDevice.parse(device), 0, 0, io.github.fijiunet.model.Precision.FLOAT32);
            try (BioImageIoModel model = BioImageIoModel.load(packagePath, options, weights)) {
                for (String warning : model.warnings()) out.println("Warning: " + warning);
                StringBuilder tensors = new StringBuilder();
                for (TensorDescription t : model.description().inputs()) tensors.append(" input ").append(t);
                for (TensorDescription t : model.description().outputs()) tensors.append(" output ").append(t);
                out.printf("%s (format %s), %s weights on %s;%s%n", model.description().name(), model.description().formatVersion(),
                        model.weightFormat(), model.engineName(), tensors);
                PackageTest.Result result = PackageTest.run(model);
                out.println(result.summary());
                return result.passed() ? 0 : 1;
            }
        }
    }
}
