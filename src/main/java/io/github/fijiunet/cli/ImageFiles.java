package io.github.fijiunet.cli;

import ij.IJ;
import ij.ImagePlus;
import io.github.fijiunet.InvalidInputException;

import java.nio.file.Files;
import java.nio.file.Path;

/** Opening images from the command line, headless, with messages that say what to fix. */
final class ImageFiles {

    private ImageFiles() {}

    static ImagePlus open(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("The image " + file + " does not exist or is not a file. Check the path given to --input.");
        }
        ImagePlus imp = IJ.openImage(file.toString());
        if (imp == null) {
            throw new InvalidInputException("ImageJ cannot read " + file + " (damaged, or not an image format it knows). "
                    + "Give a TIFF, PNG or JPEG image.");
        }
        return imp;
    }

    /** The file name without its extension: the base of output file names. */
    static String baseName(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
