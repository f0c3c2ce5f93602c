package io.github.fijiunet.bench;

import io.github.fijiunet.FijiUnetException;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The benchmarks are test sources: the plugin jar (built from the main classes) carries none of them. */
class BenchOutsidePluginTest {

    private static final String BENCH_FOLDER = Bench.class.getPackageName().replace('.', '/') + "/";

    @Test
    void thePluginClassesHoldNoBenchmark() throws Exception {
        Path pluginClasses = Path.of(FijiUnetException.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertEquals(List.of(), benchEntries(pluginClasses), "benchmark classes among the plugin's classes in " + pluginClasses);
    }

    /** Class files of the bench package in a class folder or jar (an empty folder left by an earlier build is no class). */
    private static List<String> benchEntries(Path classes) throws Exception {
        if (Files.isDirectory(classes)) {
            try (Stream<Path> files = Files.walk(classes)) {
                return files.map(file -> classes.relativize(file).toString().replace('\\', '/'))
                        .filter(BenchOutsidePluginTest::isBenchClass).collect(Collectors.toList());
            }
        }
        try (ZipFile jar = new ZipFile(classes.toFile())) {
            return jar.stream().map(entry -> entry.getName()).filter(BenchOutsidePluginTest::isBenchClass).collect(Collectors.toList());
        }
    }

    private static boolean isBenchClass(String entry) {
        return entry.startsWith(BENCH_FOLDER) && entry.endsWith(".class");
    }
}
