package io.github.fijiunet.bioimageio;

import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.engine.ModelSession;
import io.github.fijiunet.engine.WindowOutput;
import io.github.fijiunet.model.LoadedModel;
import io.github.fijiunet.model.ModelDescriptor;
import io.github.fijiunet.model.ModelLoadException;
import io.github.fijiunet.model.Precision;
import io.github.fijiunet.model.RuntimeOptions;
import io.github.fijiunet.model.Task;
import io.github.fijiunet.tensor.ChannelScaling;
import io.github.fijiunet.tensor.FloatTensor;
import io.github.fijiunet.tensor.Normalization;
import io.github.fijiunet.tensor.PlaneSource;
import io.github.fijiunet.tensor.PlaneTarget;
import io.github.fijiunet.tensor.WindowCopy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * A bioimage.io package as one of fiji-unet's segmentation models, so that Segment Cells, batch,
 * macros and the CLI run it with their tiling and post-processing: windows are padded to the sizes
 * the package allows, pre-processed with statistics of the whole plane (fitted once per plane, as
 * one pass over the plane would have them), run, post-processed and cropped back.
 */
public final class PackageSession implements ModelSession {

    /** Planes above this many pixels are fitted on a regular sample of their pixels (statistics, not every value, are needed). */
    static final long MAX_FIT_PIXELS = 1L << 22;

    private final BioImageIoModel model;
    private final TensorDescription input;
    private final TensorDescription output;
    private final Layout inputLayout;
    private final Layout outputLayout;
    private final ModelDescriptor descriptor;
    private final Map<PlaneSource, Processing.Fitted[][]> fitted = new WeakHashMap<>();

    private PackageSession(BioImageIoModel model) {
        this.model = model;
        ModelDescription d = model.description();
        if (d.inputs().size() != 1 || d.outputs().size() != 1) {
            throw new ModelLoadException("The bioimage.io model " + d.name() + " has " + d.inputs().size() + " inputs and " + d.outputs().size()
                    + " outputs; Segment Cells runs models with one image in and one out. Test it with 'fiji-unet bioimageio test'.");
        }
        input = d.inputs().get(0);
        output = d.outputs().get(0);
        inputLayout = Layout.of(input, "input");
        outputLayout = Layout.of(output, "output");
        for (String axis : List.of("y", "x")) {
            Axis in = input.axes().get(axis.equals("y") ? inputLayout.y : inputLayout.x);
            Axis out = output.axes().get(axis.equals("y") ? outputLayout.y : outputLayout.x);
            boolean sameSize = out.isReference() ? out.referenceTensor().equals(input.id()) && out.referenceScale() == 1 && out.referenceOffset() == 0
                    : out.fixedSize() >= 0 && out.fixedSize() == in.fixedSize();
            if (!sameSize) {
                throw new ModelLoadException("The bioimage.io model " + d.name() + "'s output " + output.id() + " is not the size of its input along "
                        + axis + " (" + out + "); fiji-unet segments with models whose output has the input's height and width.");
            }
        }
        for (Processing.Step step : output.processing()) {
            if (step.needsOwnStatistics()) {
                throw new ModelLoadException("The post-processing step " + step.id() + " of " + d.name() + " needs statistics of the whole output, "
                        + "which prediction tile by tile cannot give. Run the package with bioimage.io's own tools.");
            }
        }
        descriptor = descriptorFor(d);
    }

    /** Loads a package as a segmentation model (float32; a bfloat16 request gets a warning). */
    public static LoadedModel load(Path path, RuntimeOptions options) {
        BioImageIoModel model = BioImageIoModel.load(path, options, null);
        try {
            PackageSession session = new PackageSession(model);
            List<String> warnings = new ArrayList<>(model.warnings());
            if (options.precision() == Precision.BFLOAT16) warnings.add("bfloat16 requested, but bioimage.io models run in float32.");
            return LoadedModel.of(session.descriptor, session, model.device(), warnings);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    private ModelDescriptor descriptorFor(ModelDescription d) {
        Axis y = input.axes().get(inputLayout.y);
        Axis x = input.axes().get(inputLayout.x);
        int channels = inputLayout.channel < 0 ? 1 : input.axes().get(inputLayout.channel).fixedSize();
        int outChannels = outputLayout.channel < 0 ? 1 : output.axes().get(outputLayout.channel).fixedSize();
        if (channels < 1 || outChannels < 1) throw new ModelLoadException("The bioimage.io model " + d.name() + " gives no channel count.");
        int multiple;
        int largest = 0;
        if (y.fixedSize() >= 0 || x.fixedSize() >= 0) {
            int side = Math.min(y.fixedSize() >= 0 ? y.fixedSize() : Integer.MAX_VALUE, x.fixedSize() >= 0 ? x.fixedSize() : Integer.MAX_VALUE);
            largest = side;
            multiple = Math.min(16, Integer.lowestOneBit(side));
        } else {
            multiple = lcm(Math.max(1, y.step()), Math.max(1, x.step()));
        }
        int halo = Math.max(output.axes().get(outputLayout.y).halo(), output.axes().get(outputLayout.x).halo());
        List<String> classes = output.channelNames().isEmpty() ? List.of(output.id()) : output.channelNames();
        ModelDescriptor descriptor = ModelDescriptor.create(d.name(), outChannels == 3 ? Task.INSTANCE : Task.SEMANTIC,
                new ModelDescriptor.Port(input.id(), channels), new ModelDescriptor.Port(output.id(), outChannels))
                .description(d.description()).classes(classes).tileMultiple(multiple).halo(halo).normalization(Normalization.NONE);
        tunedDefaults().ifPresent(tuned -> descriptor.postProcessing(tuned.postProcessing(), tuned.tuning()));
        return largest > 0 ? descriptor.largestWindow(largest) : descriptor;
    }

    /**
     * The descriptor a fiji-unet export attaches ({@value ModelDescriptor#FILE_NAME} at the package's
     * root), for its tuned post-processing, so a package segments as the model it came from; empty
     * for other packages, or when it cannot be read (the package still runs, with the options' defaults).
     */
    private java.util.Optional<ModelDescriptor> tunedDefaults() {
        java.nio.file.Path root = model.pack().root();
        if (!java.nio.file.Files.isRegularFile(root.resolve(ModelDescriptor.FILE_NAME))) return java.util.Optional.empty();
        try {
            ModelDescriptor attached = ModelDescriptor.read(root);
            return attached.postProcessing().isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(attached);
        } catch (ModelLoadException unreadable) {
            return java.util.Optional.empty();
        }
    }

    private static int lcm(int a, int b) {
        int g = a;
        for (int r = b; r != 0; ) {
            int t = g % r;
            g = r;
            r = t;
        }
        return a / g * b;
    }

    @Override
    public WindowOutput runWindow(PlaneSource source, int x, int y, int width, int height, ChannelScaling scaling) {
        Processing.Fitted[][] steps = fittedFor(source, scaling);
        int modelWidth = input.axes().get(inputLayout.x).sizeAtLeast(width);
        int modelHeight = input.axes().get(inputLayout.y).sizeAtLeast(height);
        if (modelWidth < width || modelHeight < height) {
            throw new IllegalArgumentException("a " + width + "x" + height + " window for a model of at most " + modelWidth + "x" + modelHeight);
        }
        int channels = source.channels();
        float[] nhwc = new float[modelWidth * modelHeight * channels];
        // The window padded at its right and bottom: the plane's own pixels there, mirrored beyond its edge.
        WindowCopy.readNhwc(source, scaling, x, y, modelWidth, modelHeight, nhwc, 0);
        FloatTensor tensor = inputLayout.fromNhwc(nhwc, modelHeight, modelWidth, channels);
        for (Processing.Fitted f : steps[0]) f.apply(tensor, input.axisIds());
        FloatTensor out = model.runProcessed(tensor);
        for (Processing.Fitted f : steps[1]) f.apply(out, output.axisIds());
        if (out.rank() != output.axes().size() || out.size(outputLayout.y) != modelHeight || out.size(outputLayout.x) != modelWidth) {
            throw new ModelLoadException("The bioimage.io model returned " + out + " for a " + modelWidth + "x" + modelHeight + " input; its description "
                    + "says the output has the input's size.");
        }
        return new ArrayWindowOutput(outputLayout.toChw(out), descriptor.output().channels(), modelHeight, modelWidth, height, width);
    }

    /** The pre- and post-processing fitted on the whole plane {@code source} belongs to, once per plane. */
    private Processing.Fitted[][] fittedFor(PlaneSource source, ChannelScaling scaling) {
        PlaneSource whole = source.whole();
        synchronized (fitted) {
            Processing.Fitted[][] steps = fitted.get(whole);
            if (steps == null) {
                steps = fit(whole, scaling);
                fitted.put(whole, steps);
            }
            return steps;
        }
    }

    private Processing.Fitted[][] fit(PlaneSource plane, ChannelScaling scaling) {
        long pixels = (long) plane.width() * plane.height();
        int stride = pixels <= MAX_FIT_PIXELS ? 1 : (int) Math.ceil(Math.sqrt((double) pixels / MAX_FIT_PIXELS));
        int w = (plane.width() + stride - 1) / stride;
        int h = (plane.height() + stride - 1) / stride;
        int channels = plane.channels();
        float[] nhwc = new float[w * h * channels];
        float[] row = new float[plane.width() * channels];
        for (int sy = 0; sy < h; sy++) {
            WindowCopy.readNhwc(plane, scaling, 0, sy * stride, plane.width(), 1, row, 0);
            for (int sx = 0; sx < w; sx++) System.arraycopy(row, sx * stride * channels, nhwc, (sy * w + sx) * channels, channels);
        }
        FloatTensor sample = inputLayout.fromNhwc(nhwc, h, w, channels);
        Map<String, Processing.Sample> references = Map.of(input.id(), new Processing.Sample(
                new FloatTensor(sample.shape(), sample.data().clone()), input.axisIds()));
        List<Processing.Fitted> pre = new ArrayList<>();
        for (Processing.Step step : input.processing()) {
            Processing.Fitted f = step.fit(sample, input.axisIds(), references);
            f.apply(sample, input.axisIds());
            pre.add(f);
        }
        List<Processing.Fitted> post = new ArrayList<>();
        for (Processing.Step step : output.processing()) post.add(step.fit(null, output.axisIds(), references)); // none needs the output itself
        return new Processing.Fitted[][] {pre.toArray(new Processing.Fitted[0]), post.toArray(new Processing.Fitted[0])};
    }

    @Override
    public float[] runBatch(float[] samples, int count, int height, int width, int channels) {
        int sampleSize = height * width * channels;
        int outChannels = descriptor.output().channels();
        float[] result = new float[count * height * width * outChannels];
        for (int s = 0; s < count; s++) {
            float[] nhwc = java.util.Arrays.copyOfRange(samples, s * sampleSize, (s + 1) * sampleSize);
            FloatTensor tensor = inputLayout.fromNhwc(nhwc, height, width, channels);
            Map<String, FloatTensor> out = model.predict(Map.of(input.id(), tensor));
            float[] chw = outputLayout.toChw(out.get(output.id()));
            int plane = height * width;
            for (int c = 0; c < outChannels; c++) {
                for (int i = 0; i < plane; i++) result[s * plane * outChannels + i * outChannels + c] = chw[c * plane + i];
            }
        }
        return result;
    }

    @Override
    public void close() {
        model.close();
    }

    /** Where batch, channel, y and x sit among a tensor's axes; any other axis must have size 1. */
    static final class Layout {
        final int rank;
        final int batch;
        final int channel;
        final int y;
        final int x;
        final List<Integer> singletons = new ArrayList<>();

        private Layout(int rank, int batch, int channel, int y, int x) {
            this.rank = rank;
            this.batch = batch;
            this.channel = channel;
            this.y = y;
            this.x = x;
        }

        static Layout of(TensorDescription t, String role) {
            int batch = -1;
            int channel = -1;
            List<Integer> space = new ArrayList<>();
            List<Integer> others = new ArrayList<>();
            for (int a = 0; a < t.axes().size(); a++) {
                Axis axis = t.axes().get(a);
                if (axis.type() == Axis.Type.BATCH) batch = a;
                else if (axis.type() == Axis.Type.CHANNEL) channel = a;
                else if (axis.type() == Axis.Type.SPACE && (axis.id().equals("x") || axis.id().equals("y"))) space.add(a);
                else others.add(a);
            }
            int y = -1;
            int x = -1;
            for (int a : space) {
                if (t.axes().get(a).id().equals("y")) y = a;
                else x = a;
            }
            if (y < 0 || x < 0) {
                throw new ModelLoadException("fiji-unet segments 2-D images; the model's " + role + " " + t.id() + " has axes " + t.axes()
                        + ", without both y and x.");
            }
            Layout layout = new Layout(t.axes().size(), batch, channel, y, x);
            for (int a : others) {
                if (t.axes().get(a).fixedSize() != 1) {
                    throw new ModelLoadException("fiji-unet segments 2-D images; the model's " + role + " " + t.id() + " has the axis "
                            + t.axes().get(a) + " (" + t.axes() + "). Use a 2-D model.");
                }
                layout.singletons.add(a);
            }
            return layout;
        }

        /** Base order: batch, y, x, channel, then the singletons; -1 entries are absent. */
        private int[] baseOrder() {
            List<Integer> order = new ArrayList<>();
            if (batch >= 0) order.add(batch);
            order.add(y);
            order.add(x);
            if (channel >= 0) order.add(channel);
            order.addAll(singletons);
            return order.stream().mapToInt(Integer::intValue).toArray();
        }

        /** An NHWC window (batch 1) as a tensor in this layout: size-1 axes change no memory order, so only a permutation is needed. */
        FloatTensor fromNhwc(float[] nhwc, int height, int width, int channels) {
            if (channel < 0 && channels != 1) throw new InvalidInputException("The model takes one channel; the image has " + channels + ".");
            int[] base = baseOrder();
            int[] shape = new int[base.length];
            for (int i = 0; i < base.length; i++) shape[i] = base[i] == y ? height : base[i] == x ? width : base[i] == channel ? channels : 1;
            int[] order = new int[rank];
            for (int i = 0; i < base.length; i++) order[base[i]] = i;
            return new FloatTensor(shape, nhwc).permute(order);
        }

        /** A tensor in this layout as channels-first floats (C, y, x). */
        float[] toChw(FloatTensor tensor) {
            List<Integer> order = new ArrayList<>();
            if (channel >= 0) order.add(channel);
            order.add(y);
            order.add(x);
            if (batch >= 0) order.add(batch);
            order.addAll(singletons);
            if (batch >= 0 && tensor.size(batch) != 1) throw new IllegalArgumentException("one sample expected, got " + tensor);
            return tensor.permute(order.stream().mapToInt(Integer::intValue).toArray()).data();
        }
    }

    /** A window's output (channels first, modelHeight × modelWidth) of which the top-left height × width is the window's. */
    private static final class ArrayWindowOutput implements WindowOutput {
        private final float[] chw;
        private final int channels;
        private final int rows;
        private final int stride;
        private final int height;
        private final int width;

        ArrayWindowOutput(float[] chw, int channels, int rows, int stride, int height, int width) {
            this.chw = chw;
            this.channels = channels;
            this.rows = rows;
            this.stride = stride;
            this.height = height;
            this.width = width;
        }

        @Override
        public int channels() {
            return channels;
        }

        @Override
        public int height() {
            return height;
        }

        @Override
        public int width() {
            return width;
        }

        @Override
        public void writeTo(int cropX, int cropY, int cropWidth, int cropHeight, PlaneTarget target, int targetX, int targetY) {
            for (int c = 0; c < channels; c++) {
                for (int r = 0; r < cropHeight; r++) {
                    target.writeRow(c, targetY + r, targetX, cropWidth, chw, (c * rows + cropY + r) * stride + cropX, 1);
                }
            }
        }

        @Override
        public void close() {
            // plain Java memory
        }
    }
}
