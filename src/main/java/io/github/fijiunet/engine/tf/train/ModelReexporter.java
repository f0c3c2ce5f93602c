package io.github.fijiunet.engine.tf.train;

import io.github.fijiunet.train.ImageFolders;
import io.github.fijiunet.train.ImageNormalizer;
import com.google.gson.JsonObject;
import io.github.fijiunet.AtomicFolders;
import io.github.fijiunet.InvalidInputException;
import io.github.fijiunet.model.ModelDescriptor;
import io.github.fijiunet.train.ReexportCheck;
import io.github.fijiunet.engine.tf.net.NetworkBuilder;
import io.github.fijiunet.engine.tf.net.UNet;
import io.github.fijiunet.engine.tf.net.UNetPlusPlus;
import ij.process.ImageProcessor;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Rewrites the SavedModel of a segmentation model folder with this version's inference graphs
 * (batch norm folded into the convolutions, concatenations convolved per part: see
 * {@code Layers.convBlock}; float32 and bfloat16 signatures, see {@link ModelExporter}), restoring
 * the folder's own weights by name: no retraining. The new graphs are checked against the old one
 * on a random input and on the given images before they replace the folder's SavedModel. The
 * descriptor is kept, with the bfloat16 signature's name and the network's activation memory per
 * pixel added (which sizes automatic tiles), and the model card gets a line
 * saying what was done. Every other file and folder of the model folder is carried over, and the
 * new folder replaces the old one only when complete ({@link AtomicFolders}).
 */
public final class ModelReexporter {

    private static final int RANDOM_CHECK_SIZE = 96;

    private ModelReexporter() {}

    /**
     * @param checkImages images to compare old and new outputs on (may be empty; a random input is always compared)
     * @param head        a U-Net++ head to export alone ({@link #withHead}); empty: the network as it was exported
     * @param command     the command line to record in the model card
     * @throws InvalidInputException when the folder is not a fiji-unet U-Net/U-Net++ or the outputs differ by more than {@code tolerance}
     */
    public static ReexportCheck reexport(Path dir, List<Path> checkImages, double tolerance, OptionalInt head, String command) throws IOException {
        ConfigProto config = ConfigProto.newBuilder().setInterOpParallelismThreads(1).build();
        ModelDescriptor descriptor = ModelDescriptor.read(dir);
        ReexportCheck[] check = new ReexportCheck[1];
        AtomicFolders.write(dir, staging -> {
            NetworkBuilder builder;
            String variables = dir.resolve("variables").resolve("variables").toString();
            try (SavedModelBundle old = SavedModelBundle.loader(dir.toString()).withTags("serve").withConfigProto(config).load()) {
                NetworkBuilder asExported = builder(descriptor, old.graph(), dir);
                builder = head.isPresent() ? withHead(asExported, head.getAsInt(), dir) : asExported;
                // Another head gives other outputs by design: the graph as exported is rebuilt beside it, and that one
                // must match the old export, which shows the weights were restored as they were trained.
                Path checked = builder == asExported ? staging : Files.createDirectory(staging.resolve(".as-exported"));
                ModelExporter.export(asExported, variables, checked, config);
                try (SavedModelBundle fresh = SavedModelBundle.loader(checked.toString()).withTags("serve").withConfigProto(config).load()) {
                    check[0] = compare(old, fresh, descriptor, checkImages);
                }
                if (checked != staging) deleteTree(checked);
            }
            if (!(check[0].maxDifference <= tolerance)) {
                throw new InvalidInputException(String.format("The re-exported %s differs from the original by up to %.3g (tolerance %.3g);"
                        + " the model folder was left unchanged.", dir, check[0].maxDifference, tolerance));
            }
            if (head.isPresent()) ModelExporter.export(builder, variables, staging, config);
            copyOtherEntries(dir, staging);
            ModelDescriptor written = ModelDescriptor.read(staging).bfloat16Signature(ModelExporter.BFLOAT16_SIGNATURE)
                    .activationBytesPerPixel(builder.activationBytesPerPixel());
            if (head.isPresent()) {
                JsonObject training = written.training();
                training.addProperty("network", builder.summary());
                written.training(training);
            }
            written.write(staging);
            Path card = staging.resolve(ModelCard.FILE_NAME);
            if (Files.isRegularFile(card)) {
                String what = head.isPresent() ? "exporting head " + head.getAsInt() + " of its deep supervision alone (" + builder.summary()
                        + "; the post-processing defaults were tuned for the previous output: tune again)" : "with this version's inference graph";
                Files.writeString(card, String.format("%n- Re-exported on %s %s (%s) and its"
                        + " bfloat16 twin (signature `%s`; weights restored from the previous export, not retrained) by `%s`. Largest"
                        + " probability difference from the previous export on %d check input(s)%s: %.2g (float32), %.2g (bfloat16).%n",
                        LocalDate.now(), what, ModelExporter.INFERENCE_GRAPH, ModelExporter.BFLOAT16_SIGNATURE, command, check[0].inputs,
                        head.isPresent() ? ", of the graph rebuilt as it was exported" : "", check[0].maxDifference, check[0].maxBfloat16Difference),
                        StandardOpenOption.APPEND);
            }
        });
        return check[0];
    }

    /** The U-Net++ of {@code asExported} exporting {@code head} alone; it must hold every head's weights (exported as their average). */
    static NetworkBuilder withHead(NetworkBuilder asExported, int head, Path dir) {
        if (!(asExported instanceof UNetPlusPlus)) {
            throw new InvalidInputException("--export-head picks one output head of a U-Net++ with deep supervision; " + dir + " is a U-Net, "
                    + "which has one. Leave --export-head out.");
        }
        UNetPlusPlus network = (UNetPlusPlus) asExported;
        if (!network.averagesAllHeads()) {
            throw new InvalidInputException("The U-Net++ " + dir + " was exported with one head only (" + network.summary() + "); the "
                    + "other heads' weights are not in the folder. Train it again with --export-head " + head + ".");
        }
        return network.exportingHead(head);
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> tree = Files.walk(root)) {
            for (Path p : (Iterable<Path>) tree.sorted(java.util.Comparator.reverseOrder())::iterator) Files.delete(p);
        }
    }

    /**
     * The builder of the folder's network from its descriptor's training record; batch norm and
     * the U-Net++ heads are read from the saved graph's variables (they decide its inference graph;
     * dropout and the seed do not).
     */
    static NetworkBuilder builder(ModelDescriptor descriptor, Graph graph, Path dir) {
        JsonObject training = descriptor.training();
        String architecture = training != null && training.has("architecture") ? training.get("architecture").getAsString() : "";
        if (!architecture.equals("unet") && !architecture.equals("unetpp")) {
            throw new InvalidInputException("The model " + dir + " is not a U-Net or U-Net++ written by fiji-unet train (its "
                    + ModelDescriptor.FILE_NAME + " records architecture '" + architecture + "'); only those can be re-exported.");
        }
        int depth = training.get("depth").getAsInt();
        int filters = training.get("baseFilters").getAsInt();
        int in = descriptor.input().channels();
        int out = descriptor.output().channels();
        boolean batchNorm = hasVariableEndingWith(graph, ".bn.gamma");
        if (architecture.equals("unet")) return new UNet(in, out, depth, filters, batchNorm, 0, 0);
        List<Integer> heads = new ArrayList<>();
        for (int j = 1; j <= depth; j++) if (graph.operation("head" + j + ".kernel") != null) heads.add(j);
        if (heads.size() == depth && depth > 1) return new UNetPlusPlus(in, out, depth, filters, batchNorm, 0, true, 0, 0);
        if (heads.size() != 1) throw new InvalidInputException("The U-Net++ " + dir + " has output heads " + heads + "; cannot tell how it was exported.");
        int head = heads.get(0);
        return head == depth ? new UNetPlusPlus(in, out, depth, filters, batchNorm, 0, false, 0, 0)
                : new UNetPlusPlus(in, out, depth, filters, batchNorm, 0, true, head, 0);
    }

    private static boolean hasVariableEndingWith(Graph graph, String suffix) {
        for (var it = graph.operations(); it.hasNext(); ) {
            var op = it.next();
            if (op.type().startsWith("Variable") && op.name().endsWith(suffix)) return true;
        }
        return false;
    }

    private static ReexportCheck compare(SavedModelBundle old, SavedModelBundle fresh, ModelDescriptor descriptor, List<Path> images) {
        int multiple = descriptor.tileMultiple();
        int channels = descriptor.input().channels();
        int side = (RANDOM_CHECK_SIZE + multiple - 1) / multiple * multiple;
        float[] random = new float[side * side * channels];
        Random r = new Random(1);
        for (int i = 0; i < random.length; i++) random[i] = (float) r.nextGaussian();
        double[] max = difference(old, fresh, descriptor, random, side, side);
        int inputs = 1;
        for (Path image : images) {
            ImageProcessor ip = ImageFolders.open(image);
            if (channels != 1) throw new InvalidInputException("Check images are single-channel; the model takes " + channels + " channels.");
            // Cropped to the tile multiple: the graph takes only multiples of it.
            int height = ip.getHeight() / multiple * multiple;
            int width = ip.getWidth() / multiple * multiple;
            if (height == 0 || width == 0) continue;
            float[] pixels = new float[ip.getPixelCount()];
            for (int i = 0; i < pixels.length; i++) pixels[i] = ip.getf(i);
            float[] normalized = ImageNormalizer.normalize(pixels, descriptor.normalization());
            float[] cropped = new float[height * width];
            for (int y = 0; y < height; y++) System.arraycopy(normalized, y * ip.getWidth(), cropped, y * width, width);
            double[] differences = difference(old, fresh, descriptor, cropped, height, width);
            for (int i = 0; i < max.length; i++) max[i] = Math.max(max[i], differences[i]);
            inputs++;
        }
        return new ReexportCheck(max[0], max[1], inputs);
    }

    /** Largest absolute difference from the old graph's output of the new float32 and bfloat16 outputs. */
    private static double[] difference(SavedModelBundle old, SavedModelBundle fresh, ModelDescriptor descriptor, float[] input, int height, int width) {
        float[] reference = predict(old, descriptor.signature(), descriptor, input, height, width);
        String[] signatures = {ModelExporter.SIGNATURE, ModelExporter.BFLOAT16_SIGNATURE};
        double[] max = new double[signatures.length];
        for (int s = 0; s < signatures.length; s++) {
            float[] p = predict(fresh, signatures[s], descriptor, input, height, width);
            for (int i = 0; i < p.length; i++) max[s] = Math.max(max[s], Math.abs(reference[i] - p[i]));
        }
        return max;
    }

    private static float[] predict(SavedModelBundle bundle, String signature, ModelDescriptor descriptor, float[] input, int height, int width) {
        float[] out = new float[height * width * descriptor.output().channels()];
        try (TFloat32 in = TFloat32.tensorOf(Shape.of(1, height, width, descriptor.input().channels()), DataBuffers.of(input, true, false));
             Result result = bundle.function(signature).call(Map.of(descriptor.input().name(), in))) {
            ((TFloat32) result.get(descriptor.output().name()).orElseThrow()).copyTo(DataBuffers.of(out, false, false));
        }
        return out;
    }

    /**
     * Everything but the SavedModel itself (descriptor, model card, any other file or folder of the
     * user's, hidden ones included) into the new folder; links are copied as links.
     */
    private static void copyOtherEntries(Path from, Path to) throws IOException {
        try (Stream<Path> entries = Files.list(from)) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                String name = entry.getFileName().toString();
                if (name.equals("saved_model.pb") || name.equals("variables")) continue;
                try (Stream<Path> tree = Files.walk(entry)) {
                    for (Path p : (Iterable<Path>) tree::iterator) {
                        Files.copy(p, to.resolve(from.relativize(p).toString()), StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                    }
                }
            }
        }
    }
}
