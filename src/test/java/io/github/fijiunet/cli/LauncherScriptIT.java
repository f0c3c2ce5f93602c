package io.github.fijiunet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code src/main/scripts/fiji-unet} on the packaged jar (hence an integration test): TensorFlow's
 * native log lines stay off the user's terminal unless {@code --verbose} asks for them.
 */
class LauncherScriptIT {

    private static final Path IMAGE = Path.of("test-images/nuclei/images/00071198d059ba7f.tif").toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void tensorFlowsOwnLogLinesAppearOnlyWithVerbose() throws Exception {
        String quiet = run(dir.resolve("quiet"));
        assertTrue(quiet.matches("(?s).*\\d+ objects in 00071198d059ba7f.tif.*"), quiet);
        assertFalse(quiet.contains("tensorflow/") || quiet.contains("absl::") || quiet.contains("oneDNN"), quiet);
        String verbose = run(dir.resolve("verbose"), "--verbose");
        assertTrue(verbose.contains("tensorflow/"), "--verbose shows TensorFlow's lines\n" + verbose);
        assertTrue(verbose.matches("(?s).*\\d+ objects in 00071198d059ba7f.tif.*"), verbose);
    }

    private String run(Path out, String... extra) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", Path.of("src/main/scripts/fiji-unet").toAbsolutePath().toString(),
                "segment", "--model", "nuclei-unet", "--input", IMAGE.toString(), "--output", out.toString()));
        cmd.addAll(List.of(extra));
        Path log = Files.createTempFile(dir, "launcher", ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().remove("TF_CPP_MIN_LOG_LEVEL");
        pb.environment().put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Process p = pb.start();
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "finished");
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), output);
        return output;
    }
}
