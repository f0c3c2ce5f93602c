package io.github.fijiunet.bioimageio;

/** A file a description names: a path inside the package or a URL, with its SHA-256 when given. */
public final class FileReference {

    private final String source;
    private final String sha256;

    FileReference(String source, String sha256) {
        this.source = source;
        this.sha256 = sha256 == null || sha256.isBlank() ? null : sha256.trim().toLowerCase(java.util.Locale.ROOT);
    }

    public String source() {
        return source;
    }

    /** Lower-case hex, or null. */
    public String sha256() {
        return sha256;
    }

    /** Whether the source is a URL (fiji-unet does not download). */
    public boolean isUrl() {
        return source.matches("(?i)^[a-z][a-z0-9+.-]*://.*");
    }

    @Override
    public String toString() {
        return source;
    }
}
