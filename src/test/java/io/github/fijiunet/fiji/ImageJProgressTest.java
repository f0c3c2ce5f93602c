package io.github.fijiunet.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import io.github.fijiunet.CancelledException;
import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.segment.SegmentationOption;
import org.junit.jupiter.api.Test;

import java.awt.event.KeyEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/** Progress and cancellation as the front ends wire them: Esc and the command's cancel both stop the core. */
class ImageJProgressTest {

    private static SegmentCellsSettings settings() throws Exception {
        SegmentCellsSettings s = new SegmentCellsSettings();
        s.set(SegmentationOption.MODEL, FijiTestSupport.modelRoot().resolve(FijiTestSupport.MODEL).toString());
        s.set(SegmentationOption.TILE_SIZE, "64"); // several tiles, so cancellation is checked between them
        return s;
    }

    @Test
    void escapeCancelsButAnEarlierEscapeDoesNot() {
        IJ.setKeyDown(KeyEvent.VK_ESCAPE);
        ImageJProgress progress = new ImageJProgress();
        assertFalse(progress.isCancelled(), "a new job starts with Esc reset");
        IJ.setKeyDown(KeyEvent.VK_ESCAPE);
        assertTrue(progress.isCancelled());
        IJ.resetEscape();
    }

    @Test
    void commandCancelStopsTheSegmentationWithTheCancelledMessage() throws Exception {
        ImagePlus image = IJ.openImage(FijiTestSupport.NUCLEI.toString());
        AtomicBoolean cancel = new AtomicBoolean();
        List<String> messages = new ArrayList<>();
        ImageJProgress progress = new ImageJProgress(cancel::get, (done, total, message) -> {
            messages.add(message);
            if (done > 0) cancel.set(true); // the user presses cancel after the first tile
        });
        CancelledException e = assertThrows(CancelledException.class,
                () -> SegmentCells.segment(image, settings(), progress, m -> { }));
        assertEquals("Cancelled by the user.", UserMessages.message(e));
        assertFalse(messages.isEmpty(), "progress was reported before cancelling");
        assertTrue(messages.get(0).startsWith("Loading model"), messages.toString());
    }

    @Test
    void userMessagesNeverCarryStackTraces() {
        assertEquals("Bad thing. Do this.", UserMessages.message(new InvalidInputException("Bad thing. Do this.")));
        String unexpected = UserMessages.message(new IllegalStateException("boom"));
        assertTrue(unexpected.startsWith("Unexpected error: java.lang.IllegalStateException: boom"), unexpected);
        assertFalse(unexpected.contains("\tat "), unexpected);
    }
}
