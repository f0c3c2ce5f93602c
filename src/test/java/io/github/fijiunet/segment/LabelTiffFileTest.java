package io.github.fijiunet.segment;

import ij.IJ;
import ij.ImagePlus;
import io.github.fijiunet.AtomicFiles;
import io.github.fijiunet.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabelTiffFileTest {

    @Test
    void classicMultiPageTiffOpensInImageJAndFirstClaimWins(@TempDir Path dir) {
        Path file = dir.resolve("labels.tif");
        try (AtomicFiles.OutputSet set = new AtomicFiles.OutputSet("labels", List.of(file), false)) {
            LabelTiffFile tiff = new LabelTiffFile(set.open(file), 5, 3, 2, 1);
            assertFalse(tiff.isBigTiff());
            LabelCanvas second = tiff.plane(1);
            second.claim(1, 1, new int[] {7, 7, 0, 9}, 0, 4);
            second.claim(1, 0, new int[] {8, 8, 8, 8, 8}, 0, 5);
            second.claim(2, 4, new int[] {70000}, 0, 1);
            tiff.plane(0).claim(0, 0, new int[] {3}, 0, 1);
            tiff.finish();
            set.commit();
        }
        ImagePlus imp = IJ.openImage(file.toString());
        assertEquals(5, imp.getWidth());
        assertEquals(3, imp.getHeight());
        assertEquals(2, imp.getStackSize());
        float[] expected = {0, 0, 0, 0, 0, 8, 7, 7, 8, 9, 0, 0, 0, 0, 70000};
        float[] pixels = (float[]) imp.getStack().getPixels(2);
        for (int i = 0; i < expected.length; i++) assertEquals(expected[i], pixels[i], "pixel " + i);
        float[] first = (float[]) imp.getStack().getPixels(1);
        assertEquals(3, first[0]);
        for (int i = 1; i < first.length; i++) assertEquals(0, first[i]);
    }

    @Test
    void zAndTStacksReopenInImageJAsTheHyperstackTheyCameFrom(@TempDir Path dir) {
        Path file = dir.resolve("zt.tif");
        try (AtomicFiles.OutputSet set = new AtomicFiles.OutputSet("labels", List.of(file), false)) {
            LabelTiffFile tiff = new LabelTiffFile(set.open(file), 4, 2, 2, 3);
            for (int p = 0; p < 6; p++) tiff.plane(p).claim(0, 0, new int[] {p + 1}, 0, 1);
            tiff.finish();
            set.commit();
        }
        ImagePlus imp = IJ.openImage(file.toString());
        assertTrue(imp.isHyperStack());
        assertEquals(1, imp.getNChannels());
        assertEquals(2, imp.getNSlices());
        assertEquals(3, imp.getNFrames());
        // Plane z=1, t=2 was the sixth written (Z fastest); ImageJ finds it at that position.
        float[] pixels = (float[]) imp.getStack().getPixels(imp.getStackIndex(1, 2, 3));
        assertEquals(6, pixels[0]);
    }

    @Test
    void planesOf4GiBAndMoreAreBigTiffWithLongOffsets(@TempDir Path dir) throws IOException {
        // 32768 x 32769 x 4 bytes > 2^32: offsets past 4 GiB and pixel indices past 2^31 (a sparse file, little disk).
        int width = 32768;
        int height = 32769;
        Path file = dir.resolve("huge.tif");
        try (AtomicFiles.OutputSet set = new AtomicFiles.OutputSet("labels", List.of(file), false)) {
            LabelTiffFile tiff = new LabelTiffFile(set.open(file), width, height, 1, 1);
            assertTrue(tiff.isBigTiff());
            tiff.plane(0).claim(height - 1, width - 2, new int[] {123456789, 42}, 0, 2);
            tiff.plane(0).claim(0, 0, new int[] {5}, 0, 1);
            tiff.finish();
            set.commit();
        }
        try (FileChannel channel = FileChannel.open(file)) {
            ByteBuffer header = read(channel, 0, 16);
            assertEquals('I', header.get(0));
            assertEquals(43, header.getShort(2));
            long ifd = header.getLong(8);
            long entries = read(channel, ifd, 8).getLong(0);
            long stripOffsets = -1;
            long rowsPerStrip = -1;
            for (int e = 0; e < entries; e++) {
                ByteBuffer entry = read(channel, ifd + 8 + 20L * e, 20);
                int tag = entry.getShort(0) & 0xffff;
                if (tag == 256) assertEquals(width, entry.getInt(12));
                if (tag == 257) assertEquals(height, entry.getInt(12));
                if (tag == 273) stripOffsets = entry.getLong(12);
                if (tag == 278) rowsPerStrip = entry.getInt(12);
            }
            long lastStrip = (height - 1) / rowsPerStrip;
            long stripStart = read(channel, stripOffsets + 8 * lastStrip, 8).getLong(0);
            long rowInStrip = (height - 1) - lastStrip * rowsPerStrip;
            ByteBuffer corner = read(channel, stripStart + 4 * (rowInStrip * width + width - 2), 8);
            assertTrue(stripStart > 0xFFFF_FFFFL - 4L * width * rowsPerStrip, "the last strip lies near or past 4 GiB");
            assertEquals(123456789, corner.getInt(0));
            assertEquals(42, corner.getInt(4));
            assertEquals(5, read(channel, read(channel, stripOffsets, 8).getLong(0), 4).getInt(0));
        }
    }

    private static ByteBuffer read(FileChannel channel, long position, int bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) channel.read(buffer, position + buffer.position());
        return buffer;
    }

    @Test
    void unfinishedFilesLeaveNothingBehind(@TempDir Path dir) throws IOException {
        try (AtomicFiles.OutputSet set = new AtomicFiles.OutputSet("labels", List.of(dir.resolve("labels.tif")), false)) {
            LabelTiffFile tiff = new LabelTiffFile(set.open(dir.resolve("labels.tif")), 10, 10, 1, 1);
            tiff.plane(0).claim(3, 3, new int[] {1}, 0, 1);
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void existingLabelsAreNeverReplacedUnlessAsked(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("labels.tif");
        Files.writeString(file, "precious");
        assertTrue(assertThrows(InvalidInputException.class, () -> new AtomicFiles.OutputSet("labels", List.of(file), false)).getMessage()
                .contains("already holds results of an earlier run (" + file + ")"));
        assertEquals("precious", Files.readString(file));
        try (AtomicFiles.OutputSet set = new AtomicFiles.OutputSet("labels", List.of(file), true)) {
            LabelTiffFile tiff = new LabelTiffFile(set.open(file), 4, 4, 1, 1);
            tiff.finish();
            set.commit();
        }
        assertEquals(4, IJ.openImage(file.toString()).getWidth());
    }
}
