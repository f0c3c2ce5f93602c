package io.github.fijiunet.engine.tf;

import org.tensorflow.DeviceSpec;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;

/**
 * Whether TensorFlow can run on /GPU:0 here: needs the CUDA build of the native library
 * ({@code -Pgpu}), a driver and a device. Probed once by placing a constant on the GPU with soft
 * placement off, which fails fast when any of the three is missing.
 */
public final class GpuSupport {

    private static volatile Boolean available;

    private GpuSupport() {}

    public static boolean isAvailable() {
        Boolean known = available;
        if (known == null) {
            known = probe();
            available = known;
        }
        return known;
    }

    private static boolean probe() {
        ConfigProto strict = ConfigProto.newBuilder().setAllowSoftPlacement(false).build();
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph).withDevice(
                    DeviceSpec.newBuilder().deviceType(DeviceSpec.DeviceType.GPU).deviceIndex(0).build());
            tf.withName("gpu_probe").identity(tf.constant(1f));
            try (Session session = new Session(graph, strict);
                 Result ignored = session.runner().fetch("gpu_probe").run()) {
                return true;
            }
        } catch (RuntimeException e) {
            return false;
        }
    }
}
