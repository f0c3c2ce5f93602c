package io.github.fijiunet.fiji.ij1;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.fijiunet.OptionSpec;
import io.github.fijiunet.post.InstanceOption;
import org.junit.jupiter.api.Test;

/** The dialogs' Help is an offline page made from the option definitions, with the version. */
class DialogHelpTest {

    @Test
    void helpListsEveryShownOptionWithItsHelpAndTheVersion() {
        String html = Ij1Dialogs.help("Segment Cells (U-Net)", "Segments <cells>.", SegmentCellsPlugin.DIALOG);
        assertTrue(html.startsWith("<html>"), "shown by ImageJ without a browser");
        for (OptionSpec o : SegmentCellsPlugin.DIALOG) {
            assertTrue(html.contains(o.label().replace("<", "&lt;").replace(">", "&gt;")), o.label());
            assertTrue(html.contains("(" + o.key() + ", default "), o.key());
        }
        assertTrue(html.contains(InstanceOption.MIN_SIZE.help()), html);
        assertTrue(html.contains("Segments &lt;cells&gt;."), "escaped");
        assertTrue(html.contains("fiji-unet (development build)"), html);
    }
}
