package io.github.fijiunet.train;

/**
 * Per-pixel training targets from label images. Instance labels (0 = background, 1..N = one object
 * each) become three classes: {@link #BACKGROUND}, {@link #BOUNDARY} (object pixels with a
 * 4-neighbour of another label, background included, so touching objects are separated by two
 * boundary pixels) and {@link #INTERIOR}. Binary masks are first split into 4-connected components.
 */
public final class LabelTargets {

    public static final byte BACKGROUND = 0;
    public static final byte BOUNDARY = 1;
    public static final byte INTERIOR = 2;

    private LabelTargets() {}

    /** Background / boundary / interior class per pixel of a row-major {@code width × height} label image. */
    public static byte[] instanceClasses(int[] labels, int width, int height) {
        byte[] classes = new byte[labels.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = y * width + x;
                int label = labels[i];
                if (label == 0) continue;
                boolean edge = (x > 0 && labels[i - 1] != label) || (x < width - 1 && labels[i + 1] != label)
                        || (y > 0 && labels[i - width] != label) || (y < height - 1 && labels[i + width] != label);
                classes[i] = edge ? BOUNDARY : INTERIOR;
            }
        }
        return classes;
    }

    /** True when the image holds at most one non-zero value, i.e. it is a binary mask, not instance labels. */
    public static boolean isBinary(int[] labels) {
        int value = 0;
        for (int label : labels) {
            if (label == 0) continue;
            if (value == 0) value = label;
            else if (label != value) return false;
        }
        return true;
    }

    /** Labels the 4-connected components of the non-zero pixels 1..N (scan order). */
    public static int[] connectedComponents(int[] mask, int width, int height) {
        int[] labels = new int[mask.length];
        int[] stack = new int[mask.length];
        int next = 0;
        for (int start = 0; start < mask.length; start++) {
            if (mask[start] == 0 || labels[start] != 0) continue;
            labels[start] = ++next;
            int top = 0;
            stack[top++] = start;
            while (top > 0) {
                int i = stack[--top];
                int x = i % width;
                int y = i / width;
                if (x > 0) top = visit(mask, labels, stack, top, i - 1, next);
                if (x < width - 1) top = visit(mask, labels, stack, top, i + 1, next);
                if (y > 0) top = visit(mask, labels, stack, top, i - width, next);
                if (y < height - 1) top = visit(mask, labels, stack, top, i + width, next);
            }
        }
        return labels;
    }

    private static int visit(int[] mask, int[] labels, int[] stack, int top, int i, int label) {
        if (mask[i] != 0 && labels[i] == 0) {
            labels[i] = label;
            stack[top++] = i;
        }
        return top;
    }
}
