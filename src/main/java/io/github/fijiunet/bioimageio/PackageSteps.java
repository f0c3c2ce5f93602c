package io.github.fijiunet.bioimageio;

import io.github.fijiunet.tensor.Normalization;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * fiji-unet's input normalisation written as bioimage.io pre-processing: the per-channel
 * percentiles of the plane ({@code scale_range} over y and x; min-max is percentiles 0 and 100),
 * after {@code ensure_dtype float32}, so that any runner of the package feeds the model what
 * fiji-unet feeds it.
 */
public final class PackageSteps {

    /** bioimage.io's default epsilon; fiji-unet's own normalisation guards a zero range instead, a difference of about 1e-6 relative. */
    static final double EPS = 1e-6;

    private PackageSteps() {}

    /** The steps as the description lists them (id and kwargs). */
    public static List<Map<String, Object>> preprocessingYaml(Normalization normalization) {
        List<Map<String, Object>> steps = new ArrayList<>();
        steps.add(step("ensure_dtype", Map.of("dtype", "float32")));
        if (normalization.mode() == Normalization.Mode.NONE) return steps;
        boolean minMax = normalization.mode() == Normalization.Mode.MIN_MAX;
        Map<String, Object> kwargs = new LinkedHashMap<>();
        kwargs.put("axes", List.of("y", "x"));
        kwargs.put("min_percentile", minMax ? 0.0 : normalization.low());
        kwargs.put("max_percentile", minMax ? 100.0 : normalization.high());
        kwargs.put("eps", EPS);
        steps.add(step("scale_range", kwargs));
        return steps;
    }

    private static Map<String, Object> step(String id, Map<String, Object> kwargs) {
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("id", id);
        step.put("kwargs", kwargs);
        return step;
    }

    /** The same steps, typed, as a runner of the package reads them. */
    public static List<Processing.Step> preprocessing(Normalization normalization) {
        List<Processing.Step> steps = new ArrayList<>();
        for (Map<String, Object> step : preprocessingYaml(normalization)) {
            String id = (String) step.get("id");
            @SuppressWarnings("unchecked")
            Map<String, Object> kwargs = (Map<String, Object>) step.get("kwargs");
            steps.add(Processing.parse(id, new Processing.Kwargs(id, kwargs)));
        }
        return steps;
    }
}
