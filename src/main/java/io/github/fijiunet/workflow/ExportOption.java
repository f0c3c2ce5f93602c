package io.github.fijiunet.workflow;

import io.github.fijiunet.OptionSpec;

/** The options of a bioimage.io export ({@link BioImageIoExport}): the macro keys, dialog fields and CLI flags of every front end. */
public enum ExportOption implements OptionSpec {
    MODEL(Definition.of("model", "Model (name in models/ or a folder)", "nuclei-unet")
            .help("The fiji-unet model to export: a name from models/ or a model folder.")),
    OUT(Definition.of("out", "Package file (.zip)", "")
            .help("The bioimage.io package to write, a .zip (e.g. nuclei-unet.bioimageio.zip).")),
    TEST_IMAGE(Definition.of("test_image", "Test image (empty: the current image)", "")
            .help("An image like those the model works on; its top-left part (at most 256 px square) becomes the package's test input.")),
    AUTHORS(Definition.of("authors", "Authors (comma-separated)", "")
            .help("Who made the model, as bioimage.io shows it; empty: fiji-unet.")),
    LICENSE(Definition.of("license", "Licence (SPDX id, e.g. MIT or CC-BY-4.0)", "")
            .help("The weights' licence; bioimage.io asks for one before it publishes a model.")),
    OVERWRITE(Definition.of("overwrite", "Replace an existing package file", false)
            .help("Replace the .zip when it exists; otherwise an existing file is kept and the export refused."));

    private final Definition definition;

    ExportOption(Definition definition) {
        this.definition = definition;
    }

    @Override
    public Definition definition() {
        return definition;
    }
}
