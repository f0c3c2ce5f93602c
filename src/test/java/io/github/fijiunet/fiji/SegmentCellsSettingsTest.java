package io.github.fijiunet.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.InvalidOptionException;
import io.github.fijiunet.model.ComputeDevice;
import io.github.fijiunet.model.Precision;
import io.github.fijiunet.post.InstanceOption;
import io.github.fijiunet.segment.SegmentationOption;
import org.junit.jupiter.api.Test;

import java.util.List;

/** The macro option syntax shared by the ImageJ 1.x plugins, Macros.segment and the recorder. */
class SegmentCellsSettingsTest {

    @Test
    void keysMatchWholeWordsOnly() {
        SegmentCellsSettings s = SegmentCellsSettings.fromMacro("seed_threshold=0.3 threshold=0.7", List.of(), "test");
        assertEquals("0.7", s.text(InstanceOption.THRESHOLD));
        assertEquals("0.3", s.text(InstanceOption.SEED_THRESHOLD));
        s = SegmentCellsSettings.fromMacro("seed_threshold=0.3", List.of(), "test");
        assertEquals(InstanceOption.THRESHOLD.defaultText(), s.text(InstanceOption.THRESHOLD));
    }

    @Test
    void missingKeysKeepTheEnumDefaultsAndBareWordsAreTrue() {
        SegmentCellsSettings s = SegmentCellsSettings.fromMacro("model=[my model] exclude_border overlay=false device=gpu precision=bfloat16", List.of(), "test");
        assertEquals("my model", s.model());
        assertEquals("true", s.text(InstanceOption.EXCLUDE_BORDER));
        assertFalse(s.isOn(SegmentationOption.OVERLAY));
        assertEquals(ComputeDevice.GPU, s.value(SegmentationOption.DEVICE));
        assertEquals(Precision.BFLOAT16, s.value(SegmentationOption.PRECISION));
        assertEquals(Precision.BFLOAT16, s.toOptions().runtime().precision());
        assertEquals(SegmentationOption.PERCENTILE_HIGH.defaultValue(), s.value(SegmentationOption.PERCENTILE_HIGH));
        assertEquals(SegmentationOption.LABEL_IMAGE.defaultValue(), s.value(SegmentationOption.LABEL_IMAGE));
    }

    @Test
    void instanceKeysLeftOutOfAMacroFollowTheModelAndGivenOnesWin() {
        SegmentCellsSettings s = SegmentCellsSettings.fromMacro("min_size=40 tta", List.of(), "test");
        assertTrue(s.instanceOptions().isGiven(InstanceOption.MIN_SIZE));
        assertFalse(s.instanceOptions().isGiven(InstanceOption.THRESHOLD), "left out: the model's default applies");
        java.util.Map<String, String> model = java.util.Map.of("threshold", "0.55", "min_size", "12");
        assertEquals("0.55", s.text(InstanceOption.THRESHOLD, model), "a dialog shows the model's value for what was not set");
        assertEquals("40", s.text(InstanceOption.MIN_SIZE, model), "and the given value for what was");
        io.github.fijiunet.post.InstanceOptions inForce = s.instanceOptions().withModelDefaults(model, "test model");
        assertEquals(40, inForce.minSize());
        assertEquals("0.55", InstanceOption.THRESHOLD.text(inForce.threshold()));
        assertTrue(s.toOptions().testTimeAugmentation());
        assertFalse(s.toOptions().keepUncertainty());
        InvalidInputException alone = assertThrows(InvalidInputException.class,
                () -> SegmentCellsSettings.fromMacro("uncertainty_map", List.of(), "test"));
        assertTrue(alone.getMessage().contains("tta"), alone.getMessage());
    }

    @Test
    void everyBooleanKeyAcceptsTheSameSpellings() {
        SegmentCellsSettings s = SegmentCellsSettings.fromMacro("fill_holes=off exclude_border=on overlay=on label_image=Off normalize=no",
                List.of(), "test");
        assertFalse(s.instanceOptions().fillHoles());
        assertTrue(s.instanceOptions().excludeBorder());
        assertTrue(s.isOn(SegmentationOption.OVERLAY));
        assertFalse(s.isOn(SegmentationOption.LABEL_IMAGE));
        assertFalse(s.isOn(SegmentationOption.NORMALIZE));
        InvalidOptionException e = assertThrows(InvalidOptionException.class,
                () -> SegmentCellsSettings.fromMacro("exclude_border=maybe", List.of(), "test"));
        assertEquals("Option exclude_border must be true or false (also on/off, yes/no, 1/0), got 'maybe'.", e.getMessage());
    }

    @Test
    void writtenOptionsReadBackTheSame() {
        SegmentCellsSettings s = new SegmentCellsSettings();
        s.set(SegmentationOption.MODEL, "/path with spaces/model").set(SegmentationOption.TILE_SIZE, "256")
                .set(SegmentationOption.CLEAR_ROI_MANAGER, "off").set(InstanceOption.THRESHOLD, "otsu");
        String macro = s.toMacro();
        assertTrue(macro.contains("model=[/path with spaces/model]"), macro);
        assertEquals(s.toMap(), SegmentCellsSettings.fromMacro(macro, List.of(), "test").toMap());
    }

    @Test
    void unknownKeysAndBadValuesSayWhatIsWrong() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> SegmentCellsSettings.fromMacro("treshold=0.5", List.of(), "Segment Cells (U-Net)"));
        assertTrue(e.getMessage().contains("Unknown option 'treshold'") && e.getMessage().contains("threshold"), e.getMessage());
        e = assertThrows(InvalidInputException.class, () -> SegmentCellsSettings.fromMacro("min_size=big", List.of(), "test"));
        assertTrue(e.getMessage().contains("min_size"), e.getMessage());
        e = assertThrows(InvalidInputException.class, () -> SegmentCellsSettings.fromMacro("percentile_low=99 percentile_high=1", List.of(), "test"));
        assertTrue(e.getMessage().contains("percentiles"), e.getMessage());
        e = assertThrows(InvalidInputException.class, () -> SegmentCellsSettings.fromMacro("precision=half", List.of(), "test"));
        assertEquals("Option precision must be one of float32, bfloat16, got 'half'.", e.getMessage());
        e = assertThrows(InvalidInputException.class, () -> SegmentCellsSettings.fromMacro("percentile_high=120", List.of(), "test"));
        assertEquals("Option percentile_high must be between 0 and 100, got 120.", e.getMessage());
        e = assertThrows(InvalidInputException.class, () -> SegmentCellsSettings.fromMacro("min_size=-3", List.of(), "test"));
        assertEquals("Option min_size must be >= 0, got -3.", e.getMessage());
        e = assertThrows(InvalidInputException.class, () -> SegmentCellsSettings.fromMacro("min_size=2.5", List.of(), "test"));
        assertEquals("Option min_size needs a whole number, got '2.5'.", e.getMessage());
    }
}
