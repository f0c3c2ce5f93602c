package io.github.fijiunet.engine;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * Child-first class loader over an engine's jars: its TensorFlow (or ONNX Runtime), javacpp and
 * protobuf win over any other version on the application's class path (Fiji's {@code jars/} holds
 * TF 1.15 for CSBDeep, javacpp 1.5.10, protobuf 4), and those never see the engine's. The JDK and
 * fiji-unet's own classes (all but the engine implementations) come from the parent, so the two
 * sides share one {@link Engine} interface, one descriptor class and one set of exceptions.
 */
final class EngineClassLoader extends URLClassLoader {

    /** Implementations: loaded from the engine's jars even where the parent also has them (tests, the CLI's build tree). */
    private static final String ENGINES = "io.github.fijiunet.engine.";
    private static final String[] PARENT_FIRST = {"java.", "javax.", "jdk.", "sun.", "com.sun.", "org.w3c.", "org.xml.",
            "io.github.fijiunet.", "net.imglib2.", "ij.", "org.scijava."};

    static {
        registerAsParallelCapable();
    }

    EngineClassLoader(String name, URL[] jars, ClassLoader parent) {
        super(name, jars, parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null && !parentFirst(name)) {
                try {
                    c = findClass(name);
                } catch (ClassNotFoundException notInTheEngine) {
                    // the JDK or a library the engine shares with its parent
                }
            }
            if (c == null) c = getParent().loadClass(name);
            if (resolve) resolveClass(c);
            return c;
        }
    }

    /** fiji-unet's own classes but the engine implementations ({@code engine.<name>.}), and the platform's. */
    static boolean parentFirst(String name) {
        if (name.startsWith(ENGINES) && name.indexOf('.', ENGINES.length()) > 0) return false;
        for (String prefix : PARENT_FIRST) if (name.startsWith(prefix)) return true;
        return false;
    }

    @Override
    public URL getResource(String name) {
        URL own = findResource(name);
        return own != null ? own : getParent().getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        List<URL> all = new ArrayList<>(Collections.list(findResources(name)));
        all.addAll(Collections.list(getParent().getResources(name)));
        return Collections.enumeration(all);
    }
}
