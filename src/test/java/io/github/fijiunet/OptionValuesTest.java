package io.github.fijiunet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.fijiunet.post.InstanceOption;
import io.github.fijiunet.post.InstanceOptions;
import io.github.fijiunet.predict.ClassificationOption;
import io.github.fijiunet.predict.ClassificationOptions;
import org.junit.jupiter.api.Test;

/** One boolean spelling for every option, whichever builder reads it. */
class OptionValuesTest {

    @Test
    void everySpellingTheRecordersAndMacrosUse() {
        for (String yes : new String[] {"true", "TRUE", "on", "On", "yes", "1", " true "}) {
            assertTrue(OptionValues.parseBoolean("k", yes), yes);
        }
        for (String no : new String[] {"false", "False", "off", "OFF", "no", "0"}) {
            assertFalse(OptionValues.parseBoolean("k", no), no);
        }
        for (String bad : new String[] {"", "maybe", "2", "tru"}) {
            InvalidOptionException e = assertThrows(InvalidOptionException.class, () -> OptionValues.parseBoolean("fill_holes", bad));
            assertEquals("Option fill_holes must be true or false (also on/off, yes/no, 1/0), got '" + bad + "'.", e.getMessage());
        }
    }

    @Test
    void theOptionBuildersReadBooleansAlike() {
        assertFalse(InstanceOptions.builder().set(InstanceOption.FILL_HOLES, "off").build().fillHoles());
        assertTrue(InstanceOptions.builder().set(InstanceOption.EXCLUDE_BORDER, "on").build().excludeBorder());
        assertTrue(ClassificationOptions.builder().set(ClassificationOption.SQUARE_CROPS, "on").build().squareCrops());
        InvalidOptionException e = assertThrows(InvalidOptionException.class,
                () -> ClassificationOptions.builder().set(ClassificationOption.SQUARE_CROPS, "maybe"));
        assertTrue(e.getMessage().startsWith("Option square_crops must be true or false"), e.getMessage());
    }
}
