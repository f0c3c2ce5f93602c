package io.github.fijiunet.post;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class PlanesTest {

    @Test
    void aChannelOfAnArrayImageIsTheSameAsThroughItsView() {
        float[] data = new float[7 * 5 * 3];
        for (int i = 0; i < data.length; i++) data[i] = i * 0.5f;
        ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(data, 7, 5, 3);
        for (int c = 0; c < 3; c++) {
            float[] viaView = Planes.toFloats(Views.hyperSlice(img, 2, c));
            assertArrayEquals(viaView, Planes.channelFloats(img, c), "channel " + c);
            // A view (not an array image) takes the cursor path and agrees.
            assertArrayEquals(viaView, Planes.channelFloats(Views.interval(img, img), c), "channel " + c + " through a view");
        }
        ArrayImg<FloatType, FloatArray> plane = ArrayImgs.floats(java.util.Arrays.copyOf(data, 35), 7, 5);
        assertArrayEquals(java.util.Arrays.copyOf(data, 35), Planes.channelFloats(plane, 0));
    }
}
