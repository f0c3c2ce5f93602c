package io.github.fijiunet.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Keeps the last model a Fiji session loaded for its next run: loading takes 1–2 s (SavedModel,
 * graph optimisation, a dry run), a run on a small image less. One model is kept, keyed by its
 * folder, the runtime options and the modification times of its files, so a retrained or
 * re-exported model is loaded again. Asking for another model closes the kept one once no run
 * uses it; {@link #release} (macro {@code call("io.github.fijiunet.fiji.Macros.releaseModels")})
 * closes it on demand, and the process's exit frees it with the rest of native memory.
 */
public final class ModelCache {

    private static final ModelCache SHARED = new ModelCache();

    private Key key;
    private LoadedModel model;
    private int users;
    private long loads;

    /** The cache of this JVM (the Fiji session). */
    public static ModelCache shared() {
        return SHARED;
    }

    /** A model borrowed for one run: close it when the run ends (the model stays loaded for the next). */
    public final class Lease implements AutoCloseable {
        private final LoadedModel leased;
        private final boolean cached;
        private boolean closed;

        private Lease(LoadedModel leased, boolean cached) {
            this.leased = leased;
            this.cached = cached;
        }

        public LoadedModel model() {
            return leased;
        }

        @Override
        public void close() {
            synchronized (ModelCache.this) {
                if (closed) return;
                closed = true;
                if (cached) users--;
                else leased.close();
            }
        }
    }

    /** The model of {@code directory} for {@code runtime}, loaded unless kept from an earlier run. */
    public synchronized Lease acquire(Path directory, RuntimeOptions runtime) {
        Key wanted = Key.of(directory, runtime);
        if (wanted.equals(key) && model != null) {
            users++;
            return new Lease(model, true);
        }
        LoadedModel loaded = LoadedModel.load(directory, runtime);
        loads++;
        if (users > 0) return new Lease(loaded, false); // the kept model is running: this one goes when its run ends
        if (model != null) model.close();
        key = wanted;
        model = loaded;
        users = 1;
        return new Lease(loaded, true);
    }

    /** Closes the kept model if no run uses it; the next run loads its model again. */
    public synchronized void release() {
        if (model != null && users == 0) {
            model.close();
            model = null;
            key = null;
        }
    }

    /** How many times a model was loaded (tests and benchmarks). */
    public synchronized long loads() {
        return loads;
    }

    private static final class Key {
        private final Path directory;
        private final String runtime;
        private final List<Long> modified;

        private Key(Path directory, String runtime, List<Long> modified) {
            this.directory = directory;
            this.runtime = runtime;
            this.modified = modified;
        }

        static Key of(Path directory, RuntimeOptions runtime) {
            Path dir = directory.toAbsolutePath().normalize();
            String options = runtime.device() + "/" + runtime.intraOpThreads() + "/" + runtime.interOpThreads() + "/" + runtime.precision();
            return new Key(dir, options, List.of(modified(dir.resolve(ModelDescriptor.FILE_NAME)), modified(dir.resolve("saved_model.pb")),
                    modified(dir.resolve("variables"))));
        }

        private static long modified(Path file) {
            try {
                return Files.getLastModifiedTime(file).toMillis();
            } catch (IOException e) {
                return -1; // a missing file: loading reports it
            }
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Key)) return false;
            Key k = (Key) o;
            return directory.equals(k.directory) && runtime.equals(k.runtime) && modified.equals(k.modified);
        }

        @Override
        public int hashCode() {
            return Objects.hash(directory, runtime, modified);
        }
    }
}
