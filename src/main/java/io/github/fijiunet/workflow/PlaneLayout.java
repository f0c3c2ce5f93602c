package io.github.fijiunet.workflow;

import io.github.fijiunet.InvalidInputException;

/** How 0-based plane indices map onto ImageJ hyperstack positions (z fastest, then t). */
public final class PlaneLayout {

    public static final PlaneLayout SINGLE_PLANE = new PlaneLayout(1, 1);

    private final int slices;
    private final int frames;

    public PlaneLayout(int slices, int frames) {
        if (slices < 1 || frames < 1) throw new InvalidInputException("Slices and frames must be >= 1, got " + slices + " and " + frames + ".");
        this.slices = slices;
        this.frames = frames;
    }

    public int slices() {
        return slices;
    }

    public int frames() {
        return frames;
    }

    public boolean isSinglePlane() {
        return slices == 1 && frames == 1;
    }

    /** 1-based z of a 0-based plane index. */
    public int slice(int plane) {
        return plane % slices + 1;
    }

    /** 1-based t of a 0-based plane index. */
    public int frame(int plane) {
        return plane / slices + 1;
    }

    public int planeCount() {
        return slices * frames;
    }
}
