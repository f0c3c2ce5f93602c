package io.github.fijiunet.engine.tf;

import io.github.fijiunet.tensor.ChannelScaling;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint16;
import org.tensorflow.types.TUint8;
import org.tensorflow.types.family.TNumber;

import java.util.List;

/**
 * The conversions around a model run, done by TensorFlow (vectorised, on every core) instead of
 * per pixel in Java: channels-first pixels of any {@link TensorCopy} type become the normalised
 * NHWC float32 input (non-finite values replaced by 0, the background level, so one NaN pixel
 * cannot spread through every convolution), and NHWC outputs become channels-first for bulk row
 * copies. Thread-safe, like the session it wraps; close it to free the native graph.
 */
public final class TensorConversion implements AutoCloseable {

    private static final List<Class<? extends TNumber>> PIXEL_TYPES = List.of(TUint8.class, TUint16.class, TFloat32.class);

    private final Graph graph;
    private final Session session;

    public TensorConversion(ConfigProto config) {
        graph = new Graph();
        try {
            Ops tf = Ops.create(graph);
            // Per sample and channel, [n, C, 1, 1]: broadcast over each sample's pixels.
            Placeholder<TFloat32> scale = tf.withName("scale").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1, 1, 1)));
            Placeholder<TFloat32> offset = tf.withName("offset").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1, 1, 1)));
            for (Class<? extends TNumber> type : PIXEL_TYPES) {
                Operand<? extends TNumber> pixels = tf.withName(pixelsName(type)).placeholder(type, Placeholder.shape(Shape.unknown()));
                Operand<TFloat32> values = type == TFloat32.class ? (Operand<TFloat32>) pixels : tf.dtypes.cast(pixels, TFloat32.class);
                Operand<TFloat32> normalised = tf.math.add(tf.math.mul(values, scale), offset);
                if (type == TFloat32.class) {
                    normalised = tf.select(tf.math.isFinite(normalised), normalised, tf.constant(0f));
                }
                tf.withName(inputName(type)).linalg.transpose(normalised, tf.constant(new int[] {0, 2, 3, 1}));
            }
            Placeholder<TFloat32> nhwc = tf.withName("nhwc").placeholder(TFloat32.class, Placeholder.shape(Shape.unknown()));
            tf.withName("channels_first").linalg.transpose(nhwc, tf.constant(new int[] {0, 3, 1, 2}));
            session = new Session(graph, config);
        } catch (RuntimeException | Error e) {
            graph.close();
            throw e;
        }
    }

    private static String pixelsName(Class<?> type) {
        return "pixels_" + type.getSimpleName();
    }

    private static String inputName(Class<?> type) {
        return "input_" + type.getSimpleName();
    }

    /** [1, C, h, w] pixels → normalised [1, h, w, C] float32, the result's only tensor; the caller closes it. */
    public Result toModelInput(TNumber channelsFirst, ChannelScaling scaling) {
        return toModelInput(channelsFirst, List.of(scaling));
    }

    /** [n, C, h, w] pixels → normalised [n, h, w, C] float32, sample i by {@code scalings[i]}; the caller closes the result. */
    public Result toModelInput(TNumber channelsFirst, List<ChannelScaling> scalings) {
        if (!PIXEL_TYPES.contains(channelsFirst.type())) {
            throw new IllegalArgumentException(channelsFirst.dataType() + " pixels are not converted; use TensorCopy.toChannelsFirst");
        }
        Shape shape = channelsFirst.shape();
        int channels = scalings.get(0).channels();
        if (shape.numDimensions() != 4 || shape.size(0) != scalings.size() || shape.size(1) != channels) {
            throw new IllegalArgumentException(scalings.size() + " scalings of " + channels + " channel(s) for a tensor of shape " + shape);
        }
        float[] scales = new float[scalings.size() * channels];
        float[] offsets = new float[scales.length];
        for (int i = 0; i < scalings.size(); i++) {
            ChannelScaling scaling = scalings.get(i);
            if (scaling.channels() != channels) throw new IllegalArgumentException("scalings of different channel counts");
            for (int c = 0; c < channels; c++) {
                scales[i * channels + c] = scaling.scale(c);
                offsets[i * channels + c] = scaling.offset(c);
            }
        }
        Shape perChannel = Shape.of(scalings.size(), channels, 1, 1);
        try (TFloat32 scale = TFloat32.tensorOf(perChannel, DataBuffers.of(scales, true, false));
             TFloat32 offset = TFloat32.tensorOf(perChannel, DataBuffers.of(offsets, true, false))) {
            return session.runner().feed(pixelsName(channelsFirst.type()), channelsFirst).feed("scale", scale)
                    .feed("offset", offset).fetch(inputName(channelsFirst.type())).run();
        }
    }

    /** [n, h, w, C] float32 → [n, C, h, w], the result's only tensor; the caller closes it. */
    public Result toChannelsFirst(TFloat32 nhwc) {
        return session.runner().feed("nhwc", nhwc).fetch("channels_first").run();
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
