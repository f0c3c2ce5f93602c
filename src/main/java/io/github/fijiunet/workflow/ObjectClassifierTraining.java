package io.github.fijiunet.workflow;

import ij.ImagePlus;
import ij.gui.Roi;
import io.github.fijiunet.Progress;
import io.github.fijiunet.engine.Engines;
import io.github.fijiunet.predict.ClassificationOptions;
import io.github.fijiunet.predict.CropRegion;
import io.github.fijiunet.predict.CropSampler;
import io.github.fijiunet.tensor.ImagePlusImgs;
import io.github.fijiunet.tensor.Normalization;
import io.github.fijiunet.tensor.PlaneStack;
import io.github.fijiunet.train.Architecture;
import io.github.fijiunet.train.ClassificationDataset;
import io.github.fijiunet.train.Dataset;
import io.github.fijiunet.train.Splits;
import io.github.fijiunet.train.TrainingDataException;
import io.github.fijiunet.train.TrainingListener;
import io.github.fijiunet.train.TrainingOptions;
import io.github.fijiunet.train.TrainingOutput;
import io.github.fijiunet.train.TrainingReport;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Train Object Classifier: example objects of the user's own classes (ROIs on an image, each with
 * a class) become a LeNet-5-style CNN classifier. Each example is cropped exactly as Classify ROIs
 * will crop it ({@link CropSampler}: margin, square, masked, resized to 28×28, normalised on its
 * own), so the model sees at run time what it learnt on. Classes come from the ROIs'
 * {@link #classesOf groups, class properties or names}.
 */
public final class ObjectClassifierTraining {

    /** Fewer examples of a class than this cannot be split into training and validation sensibly. */
    public static final int MIN_EXAMPLES_PER_CLASS = 5;

    private ObjectClassifierTraining() {}

    /** One image and its example objects with their classes (same order). */
    public static final class Examples {
        final ImagePlus image;
        final List<Roi> rois;
        final List<String> classes;

        public Examples(ImagePlus image, List<Roi> rois, List<String> classes) {
            if (rois.size() != classes.size()) throw new IllegalArgumentException(rois.size() + " ROIs but " + classes.size() + " classes");
            this.image = image;
            this.rois = List.copyOf(rois);
            this.classes = List.copyOf(classes);
        }

        public ImagePlus image() {
            return image;
        }

        public List<Roi> rois() {
            return rois;
        }

        public List<String> classes() {
            return classes;
        }

        /** Examples whose classes are the ROIs' own ({@link #classesOf}). */
        public static Examples of(ImagePlus image, List<Roi> rois) {
            return new Examples(image, rois, classesOf(rois));
        }
    }

    /**
     * The class of each ROI: its ImageJ group's name (ROI Manager › Properties… › Group; "group N"
     * for an unnamed group) when the ROIs are grouped, else its {@code class} property (as Classify
     * ROIs sets it), else its name up to the first '-' or '_' ({@code dividing-3} → {@code dividing}).
     */
    public static List<String> classesOf(List<Roi> rois) {
        boolean grouped = rois.stream().anyMatch(r -> r.getGroup() > 0);
        boolean property = !grouped && rois.stream().anyMatch(r -> r.getProperty(RoiClassification.CLASS_PROPERTY) != null);
        List<String> classes = new ArrayList<>(rois.size());
        for (int i = 0; i < rois.size(); i++) {
            Roi roi = rois.get(i);
            String name = roi.getName() == null ? "ROI " + (i + 1) : roi.getName();
            String cls;
            if (grouped) {
                if (roi.getGroup() == 0) {
                    throw new TrainingDataException(name + " is in no group while other ROIs are: put every example ROI into the group of its "
                            + "class (ROI Manager > Properties... > Group), or delete it.");
                }
                String groupName = Roi.getGroupName(roi.getGroup());
                cls = groupName == null || groupName.isBlank() ? "group " + roi.getGroup() : groupName;
            } else if (property) {
                cls = roi.getProperty(RoiClassification.CLASS_PROPERTY);
                if (cls == null || cls.isBlank()) {
                    throw new TrainingDataException(name + " has no \"class\" property while other ROIs have one: give every example ROI its class.");
                }
            } else {
                cls = name.split("[-_]", 2)[0];
            }
            classes.add(cls.trim());
        }
        return classes;
    }

    /** The examples' crops as the classifier will see them, labelled; classes in name order. */
    public static ClassificationDataset dataset(List<Examples> examples, Normalization normalization, ClassificationOptions crops,
                                                String source) {
        TreeSet<String> names = new TreeSet<>();
        for (Examples e : examples) names.addAll(e.classes);
        List<String> classNames = new ArrayList<>(names);
        requireEnoughExamples(examples, classNames);
        int size = Architecture.CNN_INPUT_SIZE;
        CropSampler sampler = new CropSampler(size, size, normalization, crops);
        List<float[]> images = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (Examples e : examples) {
            ImageSegmentation.checkImage(e.image);
            PlaneStack planes = ImagePlusImgs.planes(e.image);
            if (planes.channels() != 1) {
                throw new TrainingDataException(e.image.getTitle() + " has " + planes.channels() + " channels; the object classifier learns "
                        + "from one. Split the channels (Image > Color > Split Channels) and use the one that shows the objects.");
            }
            for (int i = 0; i < e.rois.size(); i++) {
                CropRegion region = RoiClassification.regionOf(e.image, e.rois.get(i));
                images.add(sampler.sample(planes, region));
                labels.add(classNames.indexOf(e.classes.get(i)));
            }
        }
        return new ClassificationDataset(size, size, images.toArray(new float[0][]), labels.stream().mapToInt(Integer::intValue).toArray(),
                classNames, source);
    }

    private static void requireEnoughExamples(List<Examples> examples, List<String> classNames) {
        if (classNames.size() < 2) {
            throw new TrainingDataException("The example ROIs have " + classNames.size() + " class" + (classNames.size() == 1 ? " (" + classNames.get(0) + ")" : "es")
                    + "; a classifier needs at least two. Put the examples of each class into their own ROI group "
                    + "(ROI Manager > Properties... > Group) or name them <class>-1, <class>-2, ...");
        }
        if (classNames.size() > 20) {
            throw new TrainingDataException("The example ROIs' names give " + classNames.size() + " classes (e.g. " + classNames.subList(0, 3)
                    + "): name them <class>-1, <class>-2, ... or put each class into its own ROI group.");
        }
        Map<String, Integer> counts = new TreeMap<>();
        for (Examples e : examples) for (String c : e.classes) counts.merge(c, 1, Integer::sum);
        for (Map.Entry<String, Integer> c : counts.entrySet()) {
            if (c.getValue() < MIN_EXAMPLES_PER_CLASS) {
                throw new TrainingDataException("Class \"" + c.getKey() + "\" has " + c.getValue() + " example" + (c.getValue() == 1 ? "" : "s")
                        + "; give at least " + MIN_EXAMPLES_PER_CLASS + " per class (20 or more train better). Examples per class: " + counts + ".");
            }
        }
    }

    /**
     * Checks the output folder, builds the datasets, holds {@code validationFraction} of the
     * training examples out for validation (picking the best epoch), trains and exports the model
     * folder; {@code test} (may be empty) is evaluated once with the exported model.
     */
    public static TrainingReport train(TrainingOptions options, ClassificationOptions crops, List<Examples> training, List<Examples> test,
                                       double validationFraction, TrainingListener listener, Progress progress) {
        if (options.architecture != Architecture.CNN) throw new IllegalArgumentException("object classifiers are CNNs");
        TrainingOutput.check(options);
        ClassificationDataset all = dataset(training, options.normalization, crops, "example ROIs");
        Dataset[] split = Splits.split(all, validationFraction, options.seed);
        Dataset testSet = test.isEmpty() ? null : dataset(test, options.normalization, crops, "test ROIs");
        if (testSet != null && !((ClassificationDataset) testSet).classNames().equals(all.classNames())) {
            throw new TrainingDataException("The test ROIs' classes " + ((ClassificationDataset) testSet).classNames()
                    + " differ from the training classes " + all.classNames() + ".");
        }
        return Engines.tensorFlow().train(options, split[0], split[1], testSet, listener, progress);
    }
}
