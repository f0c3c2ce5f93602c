package io.github.fijiunet.post;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GlasbeyLutTest {

    @Test
    void backgroundIsBlackAndAllColoursDiffer() {
        byte[][] lut = GlasbeyLut.rgb();
        assertEquals(3, lut.length);
        assertEquals(0, lut[0][0] | lut[1][0] | lut[2][0]);
        Set<Integer> colours = new HashSet<>();
        for (int i = 0; i < 256; i++) colours.add(((lut[0][i] & 0xff) << 16) | ((lut[1][i] & 0xff) << 8) | (lut[2][i] & 0xff));
        assertEquals(256, colours.size());
    }
}
