package io.github.fijiunet.post;

/** Labels connected foreground regions 1..N in raster order of their first pixel (breadth-first, O(n)). */
public final class ConnectedComponents {

    private ConnectedComponents() {}

    public static LabelPlane label(boolean[] foreground, int width, int height, Connectivity connectivity) {
        int[] labels = new int[foreground.length];
        int[] queue = new int[64];
        int next = 0;
        for (int start = 0; start < foreground.length; start++) {
            if (!foreground[start] || labels[start] != 0) continue;
            int label = ++next;
            labels[start] = label;
            int head = 0;
            int tail = 0;
            queue[tail++] = start;
            while (head < tail) {
                int p = queue[head++];
                int x = p % width;
                int y = p / width;
                for (int k = 0; k < connectivity.neighbourCount(); k++) {
                    int nx = x + connectivity.dx(k);
                    int ny = y + connectivity.dy(k);
                    if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
                    int q = ny * width + nx;
                    if (!foreground[q] || labels[q] != 0) continue;
                    labels[q] = label;
                    if (tail == queue.length) queue = java.util.Arrays.copyOf(queue, (int) Math.min(Integer.MAX_VALUE - 8, 2L * tail));
                    queue[tail++] = q;
                }
            }
        }
        return new LabelPlane(width, height, labels, next);
    }
}
