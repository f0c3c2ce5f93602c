package io.github.fijiunet.eval;

import com.google.gson.JsonObject;
import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.Progress;
import io.github.fijiunet.cli.CliRun;
import io.github.fijiunet.model.LoadedModel;
import io.github.fijiunet.model.ModelDescriptor;
import io.github.fijiunet.post.InstanceOption;
import io.github.fijiunet.post.InstanceOptions;
import io.github.fijiunet.segment.CellSegmenter;
import io.github.fijiunet.segment.SegmentationOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code fiji-unet tune} on the bundled nuclei images, and the tuned defaults taken by segmentation. */
class PostProcessingTuningTest {

    private static final Path IMAGES = Path.of("test-images", "nuclei", "images");
    private static final Path MASKS = Path.of("test-images", "nuclei", "masks");

    @Test
    void tuneWritesDefaultsThatSegmentationThenTakesUnlessAnOptionIsGiven(@TempDir Path dir) throws IOException {
        Path model = io.github.fijiunet.TestModels.copyOfShipped("nuclei-unet", dir);
        CliRun run = CliRun.of("tune", "--model", model.toString(), "--images", IMAGES.toString(), "--truth", MASKS.toString());
        assertEquals(0, run.exitCode, run.toString());
        ModelDescriptor tuned = ModelDescriptor.read(model);
        Map<String, String> defaults = tuned.postProcessing();
        assertEquals("three_class", defaults.get("method"), run.toString());
        assertTrue(defaults.keySet().containsAll(List.of("threshold", "seed_threshold", "seed_shrink", "seed_split", "min_size")), defaults.toString());
        JsonObject provenance = tuned.tuning();
        double score = provenance.get("score").getAsDouble();
        assertTrue(score >= provenance.get("startScore").getAsDouble(), "the search never ends below its start: " + provenance);
        assertEquals(7, provenance.get("images").getAsInt());
        assertTrue(provenance.get("command").getAsString().startsWith("fiji-unet tune --model"), provenance.toString());

        try (LoadedModel loaded = LoadedModel.load(model, SegmentationOptions.defaults().runtime())) {
            // Nothing given: the model's tuned values are in force, and scoring them again gives the tuned score.
            CellSegmenter segmenter = new CellSegmenter(loaded, SegmentationOptions.defaults());
            assertEquals(defaults.get("min_size"), InstanceOption.MIN_SIZE.text(segmenter.instanceOptions().minSize()));
            assertEquals(defaults.get("seed_split"), InstanceOption.SEED_SPLIT.text(segmenter.instanceOptions().seedSplit()));
            double again = FolderEvaluation.evaluateModel(loaded, SegmentationOptions.defaults(), IMAGES, MASKS, Progress.NONE)
                    .summary().at(0.5).averagePrecision();
            assertEquals(score, again, 1e-9, "segmentation with no options given uses the tuned defaults");
            // A given option wins over the model's.
            SegmentationOptions given = SegmentationOptions.builder().instances(InstanceOptions.builder().minSize(123).build()).build();
            InstanceOptions inForce = new CellSegmenter(loaded, given).instanceOptions();
            assertEquals(123, inForce.minSize());
            assertEquals(defaults.get("threshold"), InstanceOption.THRESHOLD.text(inForce.threshold()));
        }

        CliRun dry = CliRun.of("tune", "--model", model.toString(), "--images", IMAGES.toString(), "--truth", MASKS.toString(),
                "--max-images", "2", "--objective", "mean_ap", "--dry-run");
        assertEquals(0, dry.exitCode, dry.toString());
        assertTrue(dry.out.contains("2 images"), dry.out);
        assertEquals(provenance, ModelDescriptor.read(model).tuning(), "--dry-run leaves the descriptor as it was");
    }

    /** tune --tta scores the augmented probabilities: its score is what segmentation with tta and the tuned defaults gets. */
    @Test
    void tuningWithTestTimeAugmentationScoresWhatTtaSegmentationGets(@TempDir Path dir) throws IOException {
        Path model = io.github.fijiunet.TestModels.copyOfShipped("nuclei-unet", dir);
        CliRun run = CliRun.of("tune", "--model", model.toString(), "--images", IMAGES.toString(), "--truth", MASKS.toString(), "--tta");
        assertEquals(0, run.exitCode, run.toString());
        JsonObject provenance = ModelDescriptor.read(model).tuning();
        assertTrue(provenance.get("testTimeAugmentation").getAsBoolean(), provenance.toString());
        double score = provenance.get("score").getAsDouble();
        try (LoadedModel loaded = LoadedModel.load(model, SegmentationOptions.defaults().runtime())) {
            double augmented = FolderEvaluation.evaluateModel(loaded, SegmentationOptions.builder().testTimeAugmentation(true).build(), IMAGES,
                    MASKS, Progress.NONE).summary().at(0.5).averagePrecision();
            double plain = FolderEvaluation.evaluateModel(loaded, SegmentationOptions.defaults(), IMAGES, MASKS, Progress.NONE)
                    .summary().at(0.5).averagePrecision();
            assertEquals(score, augmented, 1e-9, "the tuned score is that of segmentation with tta");
            assertNotEquals(score, plain, 1e-9, "guard: without tta the same defaults score otherwise");
        }
    }

    @Test
    void anUnknownObjectiveIsABadCommandLine() {
        CliRun run = CliRun.of("tune", "--model", "nuclei-unet", "--images", IMAGES.toString(), "--truth", MASKS.toString(), "--objective", "f1");
        assertEquals(2, run.exitCode, run.toString());
        assertTrue(run.err.contains("ap50") && run.err.contains("mean_ap"), run.err);
    }

    @Test
    void aDescriptorWithAnUnknownOrBadDefaultFailsNamingIt() {
        InvalidInputException unknown = assertThrows(InvalidInputException.class,
                () -> InstanceOptions.defaults().withModelDefaults(Map.of("min_sise", "3"), "The model \"m\""));
        assertTrue(unknown.getMessage().contains("\"min_sise\"") && unknown.getMessage().contains("min_size"), unknown.getMessage());
        InvalidInputException bad = assertThrows(InvalidInputException.class,
                () -> InstanceOptions.defaults().withModelDefaults(Map.of("seed_threshold", "2"), "The model \"m\""));
        assertTrue(bad.getMessage().startsWith("The model \"m\": ") && bad.getMessage().contains("seed_threshold"), bad.getMessage());
    }

    @Test
    void onlyOptionsThatWereSetAreGiven() {
        InstanceOptions some = InstanceOptions.builder().minSize(7).set(InstanceOption.THRESHOLD, "0.4").build();
        assertTrue(some.isGiven(InstanceOption.MIN_SIZE) && some.isGiven(InstanceOption.THRESHOLD));
        assertFalse(some.isGiven(InstanceOption.SEED_SHRINK));
        InstanceOptions merged = some.withModelDefaults(Map.of("min_size", "50", "seed_shrink", "2"), "m");
        assertEquals(7, merged.minSize(), "given beats the model");
        assertEquals(2.0, merged.seedShrink(), "not given: the model's");
        assertEquals(InstanceOptions.defaults().seedThreshold(), merged.seedThreshold(), "neither: the option's default");
        assertEquals(some.given(), some.toBuilder().build().given(), "toBuilder keeps what was given");
    }

    /** Kept probabilities that leave no room for another image are refused with the counts and both fixes. */
    @Test
    void tuningThatWouldRunOutOfMemoryIsRefusedWithTheFix() {
        long gb = 1L << 30;
        // Room for four more times the largest image: tuning goes on.
        PostProcessingTuning.requireRoomForAnother(30, 3 * gb, gb / 8, gb / 2, 4 * gb);
        String message = assertThrows(InvalidInputException.class,
                () -> PostProcessingTuning.requireRoomForAnother(30, 3 * gb, gb / 4, gb / 2, 4 * gb)).getMessage();
        assertTrue(message.contains("after 30 images (3.2 GB of them)"), message);
        assertTrue(message.contains("--max-images 29"), message);
        assertTrue(message.contains("JAVA_OPTS=-Xmx9g"), message);
    }
}
