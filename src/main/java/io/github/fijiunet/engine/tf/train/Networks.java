package io.github.fijiunet.engine.tf.train;

import io.github.fijiunet.engine.tf.net.CnnClassifier;
import io.github.fijiunet.engine.tf.net.NetworkBuilder;
import io.github.fijiunet.engine.tf.net.UNet;
import io.github.fijiunet.engine.tf.net.UNetPlusPlus;
import io.github.fijiunet.model.Task;
import io.github.fijiunet.train.TrainingOptions;

/** The network that training options describe. */
public final class Networks {

    private Networks() {}

    /** For data of {@code task} with {@code outputChannels} classes; refuses an architecture that cannot learn the task. */
    public static NetworkBuilder of(TrainingOptions options, Task task, int outputChannels) {
        options.checkTask(task);
        switch (options.architecture) {
            case CNN:
                return new CnnClassifier(outputChannels);
            case UNETPP:
                return new UNetPlusPlus(1, outputChannels, options.depth, options.baseFilters, options.batchNorm, options.dropout,
                        options.deepSupervision, options.exportHead, options.seed);
            default:
                return new UNet(1, outputChannels, options.depth, options.baseFilters, options.batchNorm, options.dropout, options.seed);
        }
    }
}
