package io.github.fijiunet.post;

import io.github.fijiunet.InvalidOptionException;

/** Which neighbours count as touching: the 4 edge neighbours, or also the 4 diagonal ones. */
public enum Connectivity {
    FOUR(new int[] {1, 0, -1, 0}, new int[] {0, 1, 0, -1}),
    EIGHT(new int[] {1, 1, 0, -1, -1, -1, 0, 1}, new int[] {0, 1, 1, 1, 0, -1, -1, -1});

    private final int[] dx;
    private final int[] dy;

    Connectivity(int[] dx, int[] dy) {
        this.dx = dx;
        this.dy = dy;
    }

    public int neighbourCount() {
        return dx.length;
    }

    public int dx(int neighbour) {
        return dx[neighbour];
    }

    public int dy(int neighbour) {
        return dy[neighbour];
    }

    /** Parses "4" / "8" (macro and CLI spelling). */
    public static Connectivity parse(String text) {
        String t = text == null ? "" : text.trim();
        if (t.equals("4") || t.equalsIgnoreCase("four")) return FOUR;
        if (t.equals("8") || t.equalsIgnoreCase("eight")) return EIGHT;
        throw new InvalidOptionException("Connectivity must be 4 or 8, got '" + text + "'.");
    }

    @Override
    public String toString() {
        return this == FOUR ? "4" : "8";
    }
}
