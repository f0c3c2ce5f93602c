package io.github.fijiunet.fiji;

import ij.IJ;
import ij.ImagePlus;
import ij.VirtualStack;
import ij.io.FileSaver;
import io.github.fijiunet.FijiUnetException;
import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.Progress;
import io.github.fijiunet.model.LoadedModel;
import io.github.fijiunet.model.RuntimeOptions;
import io.github.fijiunet.segment.SegmentationOptions;
import io.github.fijiunet.workflow.ImageSegmentation;
import io.github.fijiunet.workflow.OutputFolder;
import io.github.fijiunet.workflow.SegmentationOutput;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Inputs and outputs that go wrong in real use: virtual stacks, no image, unwritable or occupied output folders. */
class ReliabilityTest {

    static LoadedModel model;

    @BeforeAll
    static void load() throws Exception {
        model = LoadedModel.load(FijiTestSupport.modelRoot().resolve(FijiTestSupport.MODEL), RuntimeOptions.DEFAULT);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void virtualStackPlanesAreReadFromDisk(@TempDir Path tmp) throws Exception {
        ImagePlus nuclei = IJ.openImage(FijiTestSupport.NUCLEI.toString());
        Path folder = Files.createDirectories(tmp.resolve("planes"));
        IJ.saveAsTiff(nuclei, folder.resolve("a.tif").toString());
        IJ.saveAsTiff(nuclei, folder.resolve("b.tif").toString());
        VirtualStack stack = new VirtualStack(nuclei.getWidth(), nuclei.getHeight(), null, folder.toString());
        stack.addSlice("a.tif");
        stack.addSlice("b.tif");
        ImagePlus virtual = new ImagePlus("virtual", stack);
        SegmentationOutput out = ImageSegmentation.run(virtual, model, SegmentationOptions.defaults(), Progress.NONE);
        assertEquals(2, out.planes().size());
        assertEquals(out.planes().get(0).objectCount(), out.planes().get(1).objectCount(), "same pixels, same objects");
        assertEquals(2, out.labelImage().getStackSize());
    }

    @Test
    void noImageOpen() {
        String message = assertThrows(InvalidInputException.class,
                () -> ImageSegmentation.run(null, model, SegmentationOptions.defaults(), Progress.NONE)).getMessage();
        assertTrue(message.contains("no image open"), message);
    }

    @Test
    void unwritableOutputFolderGivesAClearError(@TempDir Path tmp) throws Exception {
        // A folder path that runs through a regular file cannot be created, whoever runs the test.
        Path blocker = Files.writeString(tmp.resolve("not-a-folder"), "x");
        SegmentationOutput out = ImageSegmentation.run(IJ.openImage(FijiTestSupport.NUCLEI.toString()), model,
                SegmentationOptions.defaults(), Progress.NONE);
        String message = assertThrows(FijiUnetException.class, () -> out.save(blocker.resolve("out"), "nuclei", false)).getMessage();
        assertTrue(message.contains("Cannot create the output folder") && message.contains("Choose a folder you can write to"), message);
    }

    @Test
    void existingOutputsAreNeverOverwrittenWithoutAsking(@TempDir Path tmp) throws Exception {
        SegmentationOutput out = ImageSegmentation.run(IJ.openImage(FijiTestSupport.NUCLEI.toString()), model,
                SegmentationOptions.defaults(), Progress.NONE);
        List<Path> files = out.save(tmp, "nuclei", false);
        Path labels = files.get(0);
        Files.writeString(labels, "precious");
        String message = assertThrows(InvalidInputException.class, () -> out.save(tmp, "nuclei", false)).getMessage();
        assertTrue(message.contains("already holds results of an earlier run (" + labels), message);
        assertEquals("precious", Files.readString(labels));
        out.save(tmp, "nuclei", true);
        assertTrue(Files.size(labels) > 1000, "replaced when asked");
    }

    @Test
    void savedFilesHoldWhatImageJsOwnWritersWrite(@TempDir Path tmp) throws Exception {
        // Ours propagate write errors; the bytes stay those of FileSaver and ResultsTable.saveAs.
        SegmentationOutput out = ImageSegmentation.run(IJ.openImage(FijiTestSupport.NUCLEI.toString()), model,
                SegmentationOptions.defaults(), Progress.NONE);
        List<Path> files = out.save(tmp.resolve("ours"), "nuclei", false);
        Path imagej = Files.createDirectories(tmp.resolve("imagej"));
        new FileSaver(out.labelImage()).saveAsTiff(imagej.resolve("labels.tif").toString());
        out.results().saveAs(imagej.resolve("results.csv").toString());
        new FileSaver(out.overlayPreview()).saveAsPng(imagej.resolve("overlay.png").toString());
        assertArrayEquals(Files.readAllBytes(imagej.resolve("labels.tif")), Files.readAllBytes(files.get(0)));
        assertEquals(Files.readString(imagej.resolve("results.csv")), Files.readString(files.get(2)));
        assertArrayEquals(Files.readAllBytes(imagej.resolve("overlay.png")), Files.readAllBytes(files.get(3)));
    }

    /** Macros.segment on a file, headless, with ImageJ's windows left alone. */
    private static String macroSegment(Path image, Path output, String model) {
        return Macros.segment("image=[" + image + "] model=[" + model + "] output=[" + output + "] roi_manager=false overlay=false results=false");
    }

    /** Booleans spelt on/off (as hand-written macros do) mean the same for every key; a bad spelling names its key. */
    @Test
    void macroBooleansSpeltOnOrOffWorkForEveryKey(@TempDir Path tmp) throws Exception {
        Path image = Files.copy(FijiTestSupport.NUCLEI, tmp.resolve("nuclei.tif"));
        String model = FijiTestSupport.modelRoot().resolve(FijiTestSupport.MODEL).toString();
        String common = "image=[" + image + "] model=[" + model + "] roi_manager=off results=off ";
        String on = Macros.segment(common + "fill_holes=on overlay=on exclude_border=off");
        assertTrue(on.matches("\\d+"), on);
        assertEquals(on, Macros.segment(common + "fill_holes=true overlay=true exclude_border=false"));
        assertEquals("error: Option fill_holes must be true or false (also on/off, yes/no, 1/0), got 'maybe'.",
                Macros.segment(common + "fill_holes=maybe"));
        assertEquals("error: Option overlay must be true or false (also on/off, yes/no, 1/0), got 'maybe'.",
                Macros.segment(common + "overlay=maybe"));
    }

    @Test
    void theMacroRefusesExistingOutputsBeforeLoadingTheModel(@TempDir Path tmp) throws Exception {
        Path image = Files.copy(FijiTestSupport.NUCLEI, tmp.resolve("nuclei.tif"));
        Path out = Files.createDirectories(tmp.resolve("out"));
        Path labels = Files.writeString(out.resolve("nuclei_labels.tif"), "precious");
        // The model would fail to load; the existing output is found first.
        String result = macroSegment(image, out, tmp.resolve("no-such-model").toString());
        assertEquals("error: output " + out + " already holds results of an earlier run (" + labels
                + "). Choose another folder, or add overwrite=true.", result);
        assertEquals("precious", Files.readString(labels));
    }

    @Test
    void macroOutputsKeepTheSpacesOfTheFileName(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        String model = FijiTestSupport.modelRoot().resolve(FijiTestSupport.MODEL).toString();
        for (String name : List.of("cells A.tif", "cellsA.tif")) {
            Path image = Files.copy(FijiTestSupport.NUCLEI, tmp.resolve(name));
            String count = macroSegment(image, out, model);
            assertTrue(count.matches("\\d+"), name + ": " + count);
        }
        for (String base : List.of("cells A", "cellsA")) {
            for (Path f : SegmentationOutput.filesFor(out, base)) assertTrue(Files.isRegularFile(f), f.toString());
        }
        // An image a macro made itself has no file: its title names the outputs, spaces kept.
        assertEquals("cells B", OutputFolder.baseName(new ImagePlus("cells B.tif", new ij.process.ByteProcessor(8, 8))));
    }
}
