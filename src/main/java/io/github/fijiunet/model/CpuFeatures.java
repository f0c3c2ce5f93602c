package io.github.fijiunet.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * What this machine's CPU offers that changes how a model should run. TensorFlow does not tell
 * Java, so it is read from Linux's {@code /proc/cpuinfo}; elsewhere every feature counts as absent.
 */
public final class CpuFeatures {

    /** Instructions that make bfloat16 convolutions faster than float32 ones (without them oneDNN emulates bfloat16). */
    private static final List<String> BFLOAT16_FLAGS = List.of("avx512_bf16", "amx_bf16");

    private static final boolean BFLOAT16 = readBfloat16();

    /** Why bfloat16 is not used where {@link #hasBfloat16()} is false, for users' messages. */
    public static final String NO_BFLOAT16 = "this CPU has no bfloat16 instructions (AVX512-BF16 or AMX), so bfloat16 would be slower, not faster";

    private CpuFeatures() {}

    public static boolean hasBfloat16() {
        return BFLOAT16;
    }

    private static boolean readBfloat16() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (!line.startsWith("flags")) continue;
                List<String> flags = Arrays.asList(line.substring(line.indexOf(':') + 1).trim().split("\\s+"));
                return BFLOAT16_FLAGS.stream().anyMatch(flags::contains);
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or no /proc: treat as absent.
        }
        return false;
    }
}
