package io.github.fijiunet.model;

import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.bioimageio.BioImageIoPackage;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finds model folders by name. Searched in order: the folder named by the system property
 * {@value #MODELS_PROPERTY} or else the environment variable {@value #MODELS_ENV} (the user's own
 * models, one setting for Fiji, macros and the command line), {@code models/} in the working
 * directory (a source checkout, or Fiji.app when Fiji runs), and {@code models/} beside the
 * {@code jars/} or {@code plugins/} folder holding this plugin (a Fiji.app install). A value that
 * is an existing folder (or a bioimage.io package's zip) is used as is; folders holding a bioimage.io
 * description count as models. The first folder is also where a model trained under a bare
 * name goes ({@link #outputFolder}), so it is then offered by name everywhere.
 */
public final class ModelCatalog {

    public static final String MODELS_PROPERTY = "fijiunet.models";
    public static final String MODELS_ENV = "FIJI_UNET_MODELS";

    private final List<Path> roots;

    public ModelCatalog(List<Path> roots) {
        this.roots = List.copyOf(roots);
    }

    public static ModelCatalog standard() {
        Set<Path> roots = new LinkedHashSet<>();
        String property = System.getProperty(MODELS_PROPERTY);
        String environment = System.getenv(MODELS_ENV);
        if (property != null && !property.isBlank()) roots.add(Path.of(property));
        else if (environment != null && !environment.isBlank()) roots.add(Path.of(environment));
        roots.add(Path.of("models").toAbsolutePath());
        Path jar = jarLocation();
        if (jar != null && jar.getParent() != null && jar.getParent().getParent() != null) {
            roots.add(jar.getParent().getParent().resolve("models"));
        }
        return new ModelCatalog(new ArrayList<>(roots));
    }

    private static Path jarLocation() {
        try {
            return Path.of(ModelCatalog.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    public List<Path> roots() {
        return roots;
    }

    /**
     * Where a model to be written goes: a bare name ({@code my-classifier}) becomes a folder of that
     * name in the first root, where every dialog, macro and command line then finds it by name; a
     * path (anything with a folder separator, or absolute) is used as it is.
     */
    public Path outputFolder(String nameOrPath) {
        if (nameOrPath == null || nameOrPath.isBlank()) {
            throw new InvalidInputException("No output model given: give a model name (saved in " + roots.get(0) + ") or a folder.");
        }
        String text = nameOrPath.trim();
        boolean bareName = !text.contains("/") && !text.contains(java.io.File.separator) && !text.equals(".") && !text.equals("..")
                && !Path.of(text).isAbsolute();
        return bareName ? roots.get(0).resolve(text) : Path.of(text);
    }

    /** Names of the model folders (those holding a descriptor) found in the roots, first root first. */
    public List<String> names() {
        Set<String> names = new LinkedHashSet<>();
        for (Path root : roots) {
            if (!Files.isDirectory(root)) continue;
            try (Stream<Path> entries = Files.list(root)) {
                entries.filter(p -> Files.isRegularFile(p.resolve(ModelDescriptor.FILE_NAME)) || BioImageIoPackage.isPackage(p))
                        .map(p -> p.getFileName().toString()).sorted().forEach(names::add);
            } catch (IOException e) {
                // an unreadable root holds no usable models; the others still count
            }
        }
        return new ArrayList<>(names);
    }

    /**
     * Names of the models for a kind of command: classification models for the Classify commands,
     * segmentation models (semantic or instance) for the others, so a dialog offers only models
     * that can do its job. A folder whose descriptor cannot be read is left out.
     */
    public List<String> names(boolean classification) {
        List<String> names = new ArrayList<>();
        for (String name : names()) {
            try {
                Path folder = resolve(name);
                // bioimage.io packages run as segmentation models
                boolean classifies = !BioImageIoPackage.runsAsPackage(folder) && ModelDescriptor.read(folder).task() == Task.CLASSIFICATION;
                if (classifies == classification) names.add(name);
            } catch (RuntimeException e) {
                // a damaged model is reported when someone picks it by name, not in every dialog
            }
        }
        return names;
    }

    /** The folder for a model name or path; a clear error lists what exists when nothing matches. */
    public Path resolve(String nameOrPath) {
        if (nameOrPath == null || nameOrPath.isBlank()) {
            throw new ModelLoadException("No model given. Choose one of " + names() + " or a model folder.");
        }
        Path direct = Path.of(nameOrPath);
        if (Files.isDirectory(direct) || BioImageIoPackage.isPackage(direct)) return direct;
        for (Path root : roots) {
            Path candidate = root.resolve(nameOrPath);
            if (Files.isDirectory(candidate) || BioImageIoPackage.isPackage(candidate)) return candidate;
        }
        throw new ModelLoadException("No model \"" + nameOrPath + "\" found (looked in " + roots + "). Available: " + names()
                + ". Give a model name from that list or the path of a model folder.");
    }
}
