package io.github.fijiunet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real small file system for full-disk tests: a tmpfs of a given size mounted on a folder
 * (needs root, which CI has). Where it cannot be mounted the test is skipped with the reason;
 * {@link #close} always unmounts.
 */
public final class TmpfsMount implements AutoCloseable {

    private final Path folder;

    private TmpfsMount(Path folder) {
        this.folder = folder;
    }

    /** Mounts a tmpfs of {@code size} (as mount's {@code size=} option: "300k") on a new folder {@code folder}. */
    public static TmpfsMount mount(Path folder, String size) throws IOException, InterruptedException {
        Files.createDirectories(folder);
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", folder.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assumeTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0,
                "cannot mount a tmpfs (needs root): " + output.trim() + "; the full-disk test is skipped");
        return new TmpfsMount(folder);
    }

    public Path folder() {
        return folder;
    }

    /** Fills the file system up to its last {@code leaveBytes} bytes with a filler file. */
    public void fill(long leaveBytes) throws IOException {
        long free = Files.getFileStore(folder).getUsableSpace();
        Path filler = folder.resolve("filler.bin");
        Files.write(filler, new byte[(int) Math.max(0, free - leaveBytes)]);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        for (List<String> command : List.of(List.of("umount", folder.toString()), List.of("umount", "-l", folder.toString()))) {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) return;
        }
        throw new IOException("could not unmount " + folder);
    }
}
