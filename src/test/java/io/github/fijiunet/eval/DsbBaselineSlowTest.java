package io.github.fijiunet.eval;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.fijiunet.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The classical baseline on the DSB 2018 validation split (run with -Pslow-tests where the data set is present). */
@Tag("slow")
class DsbBaselineSlowTest {

    private static final Path VAL = Path.of("/work/shared/datasets/dsb2018-nuclei/val");

    @Test
    void baselineScoresOnDsbValidation() {
        assumeTrue(Files.isDirectory(VAL.resolve("images")), "DSB 2018 validation split not available");
        EvaluationReport report = FolderEvaluation.evaluateBaseline(VAL.resolve("images"), VAL.resolve("masks"),
                BaselineOptions.defaults(), Progress.NONE);
        ImageEvaluation s = report.summary();
        // Measured 2026-11-25: AP@0.5 0.657, AP@0.75 0.428, mean AP 0.420, pixel IoU 0.815.
        assertTrue(s.at(0.5).averagePrecision() > 0.60, "AP@0.5 " + s.at(0.5).averagePrecision());
        assertTrue(s.meanAveragePrecision() > 0.38, "mean AP " + s.meanAveragePrecision());
        assertTrue(s.foreground().iou() > 0.78, "pixel IoU " + s.foreground().iou());
    }
}
