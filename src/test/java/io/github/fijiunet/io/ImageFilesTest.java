package io.github.fijiunet.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.TestImages;
import io.github.fijiunet.TestTiffs;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Damaged, huge and unreadable files are refused before any pixel is read; ImageJ's messages stay off stdout. */
@Timeout(60)
class ImageFilesTest {

    private static final Path EM_PNG = Path.of("test-images", "em", "images", "27.png");

    @TempDir
    Path dir;

    private static String refusal(Path file) {
        return assertThrows(InvalidInputException.class, () -> ImageFiles.open(file)).getMessage();
    }

    @Test
    void truncatedAndTinyTiffsAreDamaged() throws Exception {
        Path truncated = TestTiffs.truncatedCopy(TestImages.NUCLEI, dir.resolve("cut.tif"));
        String message = refusal(truncated);
        assertTrue(message.contains(truncated + " is damaged or truncated") && message.contains("only 39475 bytes"), message);
        String tiny = refusal(TestTiffs.truncatedCopy(TestImages.NUCLEI, dir.resolve("tiny.tif"), 100));
        assertTrue(tiny.contains("damaged or truncated"), tiny);
        String headerOnly = refusal(TestTiffs.write(dir.resolve("claims.tif"), 30000, 30000, 8, TestTiffs.UNSIGNED, 1, new byte[0], 1024));
        assertTrue(headerOnly.contains("up to byte 900000512, but the file has only 1024 bytes"), headerOnly);
        assertEquals(256, ImageFiles.open(TestImages.NUCLEI).getWidth());
    }

    @Test
    void planesBeyondJavasArrayLimitAreRefusedWithTheirSize() throws Exception {
        String message = refusal(TestTiffs.write(dir.resolve("huge.tif"), 46341, 46341, 8, TestTiffs.UNSIGNED, 1, new byte[0], 1024));
        assertTrue(message.contains("46341×46341 = 2147488281 pixels") && message.contains("split it into tiles"), message);
    }

    @Test
    void imagesBeyondTheHeapAreRefusedWithMemoryAdviceButLargeStacksStillOpenVirtually() throws Exception {
        int side = 4096;
        long planeBytes = (long) side * side * 4;
        int planes = (int) (2 * Runtime.getRuntime().maxMemory() / planeBytes) + 2;
        Path stack = TestTiffs.write(dir.resolve("stack.tif"), side, side, 32, TestTiffs.FLOAT, planes, new byte[0], 512 + planes * planeBytes);
        String message = refusal(stack);
        assertTrue(message.contains("needs about") && message.contains("-Xmx"), message);
        ImagePlus virtual = ImageFiles.openLargeStacksVirtually(stack);
        assertTrue(virtual.getStack().isVirtual());
        assertEquals(planes, virtual.getStackSize());
    }

    @Test
    void truncatedPngAndJpegAreDamaged() throws Exception {
        String png = refusal(TestTiffs.truncatedCopy(EM_PNG, dir.resolve("cut.png")));
        assertTrue(png.contains("damaged or truncated"), png);
        BufferedImage grey = new BufferedImage(256, 256, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 256; y++) for (int x = 0; x < 256; x++) grey.getRaster().setSample(x, y, 0, (x * y) & 255);
        Path jpeg = dir.resolve("whole.jpg");
        assertTrue(ImageIO.write(grey, "jpg", jpeg.toFile()));
        assertEquals(256, ImageFiles.open(jpeg).getWidth());
        String cut = refusal(TestTiffs.truncatedCopy(jpeg, dir.resolve("cut.jpg")));
        assertTrue(cut.contains("damaged or truncated") && cut.contains("EOI"), cut);
    }

    /** ImageJ prints "Unsupported format or file not found" to System.out when it has no window. */
    @Test
    void imageJsMessagesGoIntoTheErrorNotToStdoutEvenInParallel() throws Exception {
        List<Path> files = new ArrayList<>();
        byte[] noImage = new byte[300];
        for (int i = 0; i < noImage.length; i++) noImage[i] = (byte) (i * 7 + 1);
        for (int i = 0; i < 6; i++) files.add(Files.write(dir.resolve("data" + i + ".bin"), noImage));
        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try (PrintStream capture = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            List<Future<String>> messages = new ArrayList<>();
            for (Path f : files) messages.add(pool.submit(() -> refusal(f)));
            messages.add(pool.submit(() -> {
                System.out.println("a result line");
                return "";
            }));
            for (int i = 0; i < files.size(); i++) {
                String message = messages.get(i).get();
                assertTrue(message.contains("Unsupported format") && message.contains(files.get(i).toString()), message);
                for (Path other : files) if (other != files.get(i)) assertTrue(!message.contains(other.toString()), message);
            }
            messages.get(files.size()).get();
        } finally {
            pool.shutdown();
            System.setOut(stdout);
        }
        assertEquals("a result line", printed.toString(StandardCharsets.UTF_8).trim());
    }
}
