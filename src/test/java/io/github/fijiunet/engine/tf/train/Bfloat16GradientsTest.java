package io.github.fijiunet.engine.tf.train;

import io.github.fijiunet.engine.tf.net.Mode;
import io.github.fijiunet.engine.tf.net.Network;
import io.github.fijiunet.engine.tf.net.NetworkBuilder;
import io.github.fijiunet.engine.tf.net.VariableStore;
import io.github.fijiunet.model.CpuFeatures;
import io.github.fijiunet.model.Task;
import io.github.fijiunet.train.Architecture;
import io.github.fijiunet.train.Augmentation;
import io.github.fijiunet.train.Batch;
import io.github.fijiunet.train.Dataset;
import io.github.fijiunet.train.TrainingOptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * bfloat16 training follows the float32 gradient of every kernel, on a real loss and batch. It
 * guards the one-channel (sigmoid) head, whose bfloat16 input gradient oneDNN gets wrong: before
 * that head moved to float32, cosines fell to 0.07 and the semantic U-Net hardly learnt.
 */
class Bfloat16GradientsTest {

    @ParameterizedTest
    @EnumSource(value = Task.class, names = {"SEMANTIC", "INSTANCE"})
    void everyKernelGradientPointsTheFloat32Way(Task task) {
        assumeTrue(CpuFeatures.hasBfloat16(), "this CPU has no bfloat16 instructions");
        Dataset data = TrainerTest.disks(task, 8, 32, 1);
        Batch batch = data.randomBatch(new Random(1), 4, 32, Augmentation.NONE);
        for (Architecture architecture : new Architecture[] {Architecture.UNET, Architecture.UNETPP}) {
            TrainingOptions options = TrainingOptions.builder("gradients", Path.of("unused")).architecture(architecture)
                    .depth(2).baseFilters(4).patchSize(32).build();
            NetworkBuilder builder = Networks.of(options, task, data.targetChannels());
            List<String> names = new ArrayList<>();
            float[][] float32 = gradients(builder, Mode.TRAINING, options, task, batch, names);
            float[][] bfloat16 = gradients(builder, Mode.TRAINING_BFLOAT16, options, task, batch, names);
            for (int v = 0; v < float32.length; v++) {
                // Biases and offsets followed by batch norm have a zero gradient up to rounding: no direction to compare.
                if (!names.get(v).endsWith("kernel")) continue;
                double dot = 0;
                double a = 0;
                double b = 0;
                for (int i = 0; i < float32[v].length; i++) {
                    dot += float32[v][i] * bfloat16[v][i];
                    a += float32[v][i] * float32[v][i];
                    b += bfloat16[v][i] * bfloat16[v][i];
                }
                double cosine = dot / Math.sqrt(a * b);
                assertTrue(cosine > 0.9, builder.summary() + ", " + names.get(v) + ": cosine " + cosine);
            }
        }
    }

    /** The gradient of every trainable variable; their names go into {@code names}. */
    private static float[][] gradients(NetworkBuilder builder, Mode mode, TrainingOptions options, Task task, Batch batch, List<String> names) {
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1, -1, 1)));
            Placeholder<TFloat32> y = tf.placeholder(TFloat32.class);
            Network net = builder.build(tf, x, mode, new VariableStore(tf, 3));
            Operand<TFloat32> loss = Losses.build(tf, task, net.headLogits(), y, options.boundaryWeight, options.diceWeight);
            List<Operand<?>> variables = new ArrayList<>(net.trainableVariables());
            names.clear();
            net.trainableVariables().forEach(variable -> names.add(variable.op().name()));
            Gradients gradients = tf.gradients(loss, variables);
            s.initialize();
            // Fed, not constant: constant folding would compute the gradients outside oneDNN.
            try (TFloat32 in = TFloat32.tensorOf(Shape.of(batch.inputShape), DataBuffers.of(batch.inputs, true, false));
                 TFloat32 target = TFloat32.tensorOf(Shape.of(batch.targetShape), DataBuffers.of(batch.targets, true, false))) {
                Session.Runner runner = s.runner().feed(x, in).feed(y, target);
                for (int v = 0; v < variables.size(); v++) runner.fetch(gradients.dy(v));
                try (Result r = runner.run()) {
                    float[][] out = new float[variables.size()][];
                    for (int v = 0; v < out.length; v++) {
                        TFloat32 t = (TFloat32) r.get(v);
                        out[v] = new float[(int) t.shape().size()];
                        t.copyTo(DataBuffers.of(out[v], false, false));
                    }
                    return out;
                }
            }
        }
    }
}
