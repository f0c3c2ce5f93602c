package io.github.fijiunet.train;

import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.TestTiffs;
import io.github.fijiunet.model.Task;
import io.github.fijiunet.tensor.Normalization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Training masks are read as the exact labels evaluation reads (io.LabelFiles). */
class ImageFoldersTest {

    private static final int SIDE = 8;

    /** images/a.tif (8-bit ramp) and masks/a.tif written by {@code mask}; returns the images folder. */
    private static Path folders(Path dir, int bits, int sampleFormat, byte[] maskPixels) throws Exception {
        Path images = Files.createDirectories(dir.resolve("images"));
        Path masks = Files.createDirectories(dir.resolve("masks"));
        byte[] image = new byte[SIDE * SIDE];
        for (int i = 0; i < image.length; i++) image[i] = (byte) i;
        TestTiffs.write(images.resolve("a.tif"), SIDE, SIDE, 8, TestTiffs.UNSIGNED, image);
        TestTiffs.write(masks.resolve("a.tif"), SIDE, SIDE, bits, sampleFormat, maskPixels);
        return images;
    }

    @Test
    void signed16BitMasksKeepTheirBackground(@TempDir Path dir) throws Exception {
        // ImageJ stores signed 16-bit pixels offset by 32768: read raw, the background would be foreground.
        int[] values = new int[SIDE * SIDE];
        for (int i = 0; i < 10; i++) values[i] = 1;
        Path images = folders(dir, 16, TestTiffs.SIGNED, TestTiffs.shorts(values));
        SegmentationDataset data = ImageFolders.read(images, dir.resolve("masks"), Task.SEMANTIC, Normalization.NONE);
        int foreground = 0;
        for (byte c : data.samples().get(0).classes) foreground += c;
        assertEquals(10, foreground);
    }

    @Test
    void floatMasksWithIdsBeyondExactIntegersAreRefused(@TempDir Path dir) throws Exception {
        ByteBuffer pixels = ByteBuffer.allocate(SIDE * SIDE * 4).order(ByteOrder.LITTLE_ENDIAN);
        pixels.putFloat(0, 3e9f);
        Path images = folders(dir, 32, TestTiffs.FLOAT, pixels.array());
        String message = assertThrows(InvalidInputException.class,
                () -> ImageFolders.read(images, dir.resolve("masks"), Task.INSTANCE, Normalization.NONE)).getMessage();
        assertTrue(message.contains("32-bit image with label 3000000000") && message.contains("Save the labels as 16-bit"), message);
    }
}
