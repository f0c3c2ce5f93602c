package io.github.fijiunet.bench;

import ij.IJ;
import io.github.fijiunet.Progress;
import io.github.fijiunet.eval.EvaluationReport;
import io.github.fijiunet.eval.FolderEvaluation;
import io.github.fijiunet.eval.ImageEvaluation;
import io.github.fijiunet.io.LabelFiles;
import io.github.fijiunet.model.ComputeDevice;
import io.github.fijiunet.model.LoadedModel;
import io.github.fijiunet.model.RuntimeOptions;
import io.github.fijiunet.post.LabelPlane;
import io.github.fijiunet.post.PixelCalibration;
import io.github.fijiunet.segment.CellSegmenter;
import io.github.fijiunet.segment.SegmentationOptions;
import io.github.fijiunet.tensor.ArrayPlane;
import io.github.fijiunet.tensor.ImagePlusImgs;
import io.github.fijiunet.tensor.PlaneStack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The GPU figures issue 20 asks for, in one run (built with {@code -Pgpu}; see
 * {@code src/test/scripts/gpu-check.sh}): the device the model actually runs on, inference-only
 * Mpixel/s on 2048² and 8192² synthetic nuclei planes, end-to-end ÷ inference-only on 8192², and
 * GPU against CPU on the bundled nuclei images (labels equal, AP@0.5 of each).
 * <pre>java -cp ... io.github.fijiunet.bench.GpuCheck [MODEL_DIR] [IMAGES] [MASKS]</pre>
 */
public final class GpuCheck {

    private GpuCheck() {}

    public static void main(String[] args) throws Exception {
        Path modelDir = Path.of(args.length > 0 ? args[0] : "models/nuclei-unet");
        Path images = Path.of(args.length > 1 ? args[1] : "test-images/nuclei/images");
        Path masks = Path.of(args.length > 2 ? args[2] : "test-images/nuclei/masks");
        try (LoadedModel gpu = LoadedModel.load(modelDir, new RuntimeOptions(ComputeDevice.GPU, 0, 0, io.github.fijiunet.model.Precision.FLOAT32));
             LoadedModel cpu = LoadedModel.load(modelDir, RuntimeOptions.DEFAULT)) {
            gpu.warnings().forEach(w -> System.out.println("gpu  warning: " + w));
            System.out.println("gpu  model " + modelDir.getFileName() + " runs on: " + gpu.device().name().toLowerCase(Locale.ROOT));
            for (int size : new int[] {2048, 8192}) {
                ArrayPlane plane = new SyntheticNuclei(size, 5).plane();
                double inference = Timing.bestPrediction(gpu, plane, 3);
                String line = String.format(Locale.ROOT, "gpu  %d²: inference %.3f s = %.1f Mpixel/s", size, inference, mpx(size) / inference);
                if (size == 8192) {
                    CellSegmenter segmenter = new CellSegmenter(gpu, SegmentationOptions.defaults());
                    PlaneStack stack = new PlaneStack(size, size, 1, 1, p -> plane);
                    long t0 = System.nanoTime();
                    segmenter.segment(stack, PixelCalibration.PIXELS, Progress.NONE);
                    double endToEnd = (System.nanoTime() - t0) / 1e9;
                    line += String.format(Locale.ROOT, "; end to end %.3f s = %.1f Mpixel/s; end-to-end rate ÷ inference-only rate %.2f",
                            endToEnd, mpx(size) / endToEnd, inference / endToEnd);
                }
                System.out.println(line);
            }
            smallFields(gpu);
            compareWithCpu(gpu, cpu, images, masks);
        }
    }

    /** 200 fields of 256², inference only: one at a time, 16 threads side by side, 16 threads with their windows batched. */
    private static void smallFields(LoadedModel gpu) throws Exception {
        Path fields = SmallFields.write(Files.createTempDirectory("fiji-unet-gpu-fields"), 200);
        BatchBench.fieldsInferenceSeconds(gpu, fields, 50, 16, true); // warm-up
        double alone = BatchBench.fieldsInferenceSeconds(gpu, fields, 200, 1, false);
        double sideBySide = BatchBench.fieldsInferenceSeconds(gpu, fields, 200, 16, false);
        double batched = BatchBench.fieldsInferenceSeconds(gpu, fields, 200, 16, true);
        double pixels = BatchBench.fieldPixels(200) / 1e6;
        System.out.printf(Locale.ROOT, "gpu  200 fields of 256², inference only: one at a time %.1f Mpixel/s, 16 threads side by side %.1f, "
                + "16 threads batched %.1f%n", pixels / alone, pixels / sideBySide, pixels / batched);
    }

    private static double mpx(int size) {
        return (double) size * size / 1e6;
    }

    private static void compareWithCpu(LoadedModel gpu, LoadedModel cpu, Path images, Path masks) throws Exception {
        List<ImageEvaluation> onGpu = new ArrayList<>();
        List<ImageEvaluation> onCpu = new ArrayList<>();
        int equal = 0;
        int count = 0;
        CellSegmenter g = new CellSegmenter(gpu, SegmentationOptions.defaults());
        CellSegmenter c = new CellSegmenter(cpu, SegmentationOptions.defaults());
        try (Stream<Path> files = Files.list(images)) {
            for (Path image : (Iterable<Path>) files.sorted()::iterator) {
                PlaneStack planes = ImagePlusImgs.planes(IJ.openImage(image.toString()));
                LabelPlane a = g.segment(planes, PixelCalibration.PIXELS, Progress.NONE).get(0).labels();
                LabelPlane b = c.segment(planes, PixelCalibration.PIXELS, Progress.NONE).get(0).labels();
                if (Arrays.equals(a.labels(), b.labels())) equal++;
                count++;
                List<LabelPlane> truth = LabelFiles.read(masks.resolve(image.getFileName()));
                onGpu.add(FolderEvaluation.evaluate(image.getFileName().toString(), truth, List.of(a)));
                onCpu.add(FolderEvaluation.evaluate(image.getFileName().toString(), truth, List.of(b)));
            }
        }
        double apGpu = new EvaluationReport(onGpu).summary().at(0.5).averagePrecision();
        double apCpu = new EvaluationReport(onCpu).summary().at(0.5).averagePrecision();
        System.out.printf(Locale.ROOT, "gpu  vs cpu on %d images: labels identical in %d; AP@0.5 gpu %.4f, cpu %.4f (difference %.4f)%n",
                count, equal, apGpu, apCpu, Math.abs(apGpu - apCpu));
    }
}
