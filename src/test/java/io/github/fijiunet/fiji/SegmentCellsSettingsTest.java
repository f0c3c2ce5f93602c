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
        assertEquals("0.7", s.instance.get(InstanceOption.THRESHOLD));
        assertEquals("0.3", s.instance.get(InstanceOption.SEED_THRESHOLD));
        s = SegmentCellsSettings.fromMacro("seed_threshold=0.3", List.of(), "test");
        assertEquals(InstanceOption.THRESHOLD.defaultText(), s.instance.get(InstanceOption.THRESHOLD));
    }

    @Test
    void missingKeysKeepTheEnumDefaultsAndBareWordsAreTrue() {
        SegmentCellsSettings s = SegmentCellsSettings.fromMacro("model=[my model] exclude_border overlay=false device=gpu precision=bfloat16", List.of(), "test");
        assertEquals("my model", s.model);
        assertEquals("true", s.instance.get(InstanceOption.EXCLUDE_BORDER));
        assertFalse(s.overlay);
        assertEquals(ComputeDevice.GPU, s.device);
        assertEquals(Precision.BFLOAT16, s.precision);
        assertEquals(Precision.BFLOAT16, s.toOptions().runtime().precision());
        assertEquals(SegmentationOption.PERCENTILE_HIGH.defaultValue(), s.percentileHigh);
        assertEquals(SegmentationOption.LABEL_IMAGE.defaultValue(), s.labelImage);
    }

    @Test
    void everyBooleanKeyAcceptsTheSameSpellings() {
        SegmentCellsSettings s = SegmentCellsSettings.fromMacro("fill_holes=off exclude_border=on overlay=on label_image=Off normalize=no",
                List.of(), "test");
        assertFalse(s.instanceOptions().fillHoles());
        assertTrue(s.instanceOptions().excludeBorder());
        assertTrue(s.overlay);
        assertFalse(s.labelImage);
        assertFalse(s.normalize);
        InvalidOptionException e = assertThrows(InvalidOptionException.class,
                () -> SegmentCellsSettings.fromMacro("exclude_border=maybe", List.of(), "test"));
        assertEquals("Option exclude_border must be true or false (also on/off, yes/no, 1/0), got 'maybe'.", e.getMessage());
    }

    @Test
    void writtenOptionsReadBackTheSame() {
        SegmentCellsSettings s = new SegmentCellsSettings();
        s.model = "/path with spaces/model";
        s.tileSize = 256;
        s.clearRoiManager = false;
        s.instance.put(InstanceOption.THRESHOLD, "otsu");
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
        assertTrue(e.getMessage().contains("float32 or bfloat16"), e.getMessage());
    }
}
