package io.github.fijiunet;

/**
 * Progress and cancellation for long jobs. The core calls {@link #update} between units of work
 * (tiles, epochs) and stops with {@link CancelledException} once {@link #isCancelled()} is true.
 */
public interface Progress {

    Progress NONE = new Progress() {
        @Override
        public void update(long done, long total, String message) {}

        @Override
        public boolean isCancelled() {
            return false;
        }
    };

    void update(long done, long total, String message);

    boolean isCancelled();

    /** The same progress with {@code prefix} before every message (e.g. "plane 2/5: "). */
    default Progress prefixed(String prefix) {
        Progress outer = this;
        return new Progress() {
            @Override
            public void update(long done, long total, String message) {
                outer.update(done, total, prefix + message);
            }

            @Override
            public boolean isCancelled() {
                return outer.isCancelled();
            }
        };
    }

    /** The same cancellation without its updates (for the inner steps of a job that reports its own). */
    default Progress silent() {
        Progress outer = this;
        return new Progress() {
            @Override
            public void update(long done, long total, String message) {}

            @Override
            public boolean isCancelled() {
                return outer.isCancelled();
            }
        };
    }

    /** Throws {@link CancelledException} when the user asked to stop. */
    default void checkCancelled() {
        if (isCancelled()) throw new CancelledException();
    }
}
