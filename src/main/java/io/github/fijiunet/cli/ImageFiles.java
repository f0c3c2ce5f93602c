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
        ImagePlus imp = openStackVirtually(file) ? IJ.openVirtual(file.toString()) : IJ.openImage(file.toString());
        if (imp == null) {
            throw new InvalidInputException("ImageJ cannot read " + file + " (damaged, or not an image format it knows). "
                    + "Give a TIFF, PNG or JPEG image.");
        }
        return imp;
    }

    /**
     * Multi-page TIFFs larger than a quarter of the heap open as virtual stacks, read a plane at a
     * time (their results are then streamed too); a single plane is read whole either way.
     */
    private static boolean openStackVirtually(Path file) {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (!name.endsWith(".tif") && !name.endsWith(".tiff")) return false;
        try {
            if (Files.size(file) <= Runtime.getRuntime().maxMemory() / 4) return false;
        } catch (java.io.IOException e) {
            return false;
        }
        ij.io.FileInfo[] pages = new ij.io.Opener().getTiffFileInfo(file.toString());
        return pages != null && (pages.length > 1 || pages[0].nImages > 1);
    }
}
