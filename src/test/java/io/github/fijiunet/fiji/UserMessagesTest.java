package io.github.fijiunet.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Error dialogs wrap long messages, so their OK button stays on the screen. */
class UserMessagesTest {

    @Test
    void longMessagesWrapAtSpacesAndKeepLongWordsWhole() {
        String message = "No model \"nucleus-unet\" found (looked in [/home/user/Fiji.app/models, /home/user/models]). Available: "
                + "[nuclei-unet, em-membrane-unet, fashion-cnn]. Give a model name from that list or the path of a model folder.";
        String wrapped = UserMessages.wrap(message, 40);
        for (String line : wrapped.split("\n")) assertTrue(line.length() <= 40 || !line.contains(" "), line);
        assertEquals(message, wrapped.replace('\n', ' '), "only spaces became line breaks");
        assertEquals("a\nbb", UserMessages.wrap("a bb", 2));
        assertEquals("short", UserMessages.wrap("short", 90));
        assertEquals("first\nsecond", UserMessages.wrap("first\nsecond", 90), "existing breaks kept");
    }
}
