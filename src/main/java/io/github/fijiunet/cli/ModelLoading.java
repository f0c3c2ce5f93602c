package io.github.fijiunet.cli;

import io.github.fijiunet.model.LoadedModel;
import io.github.fijiunet.model.ModelCatalog;
import io.github.fijiunet.model.RuntimeOptions;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/** Loads a model by name or folder and says on stderr which one, on which device and in which arithmetic, with any fallback warning. */
final class ModelLoading {

    private ModelLoading() {}

    static LoadedModel load(String nameOrPath, RuntimeOptions runtime, PrintWriter err) {
        Path dir = ModelCatalog.standard().resolve(nameOrPath);
        err.println("Loading model " + dir.getFileName() + "...");
        err.flush();
        LoadedModel model = LoadedModel.load(dir, runtime);
        for (String warning : model.warnings()) err.println("Warning: " + warning);
        err.println("Model " + model.descriptor().name() + " (" + dir + ") running on " + model.device().name().toLowerCase(Locale.ROOT)
                + ", " + model.precision().text() + ".");
        err.flush();
        return model;
    }
}
