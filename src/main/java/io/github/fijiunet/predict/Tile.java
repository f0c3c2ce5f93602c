package io.github.fijiunet.predict;

/**
 * One tile: the inner rectangle it contributes to the output, and the larger window (inner plus
 * halo, aligned to the model's multiple) fed to the network. Windows may reach past the image's
 * right/bottom edge; those pixels are mirrored.
 */
public final class Tile {

    public final int x;
    public final int y;
    public final int width;
    public final int height;
    public final int windowX;
    public final int windowY;
    public final int windowWidth;
    public final int windowHeight;

    Tile(int x, int y, int width, int height, int windowX, int windowY, int windowWidth, int windowHeight) {
        this.x = x;
        this.y = y;
        this.width = width;
        this.height = height;
        this.windowX = windowX;
        this.windowY = windowY;
        this.windowWidth = windowWidth;
        this.windowHeight = windowHeight;
    }

    @Override
    public String toString() {
        return "Tile[" + x + "," + y + " " + width + "x" + height + " in window " + windowX + "," + windowY + " "
                + windowWidth + "x" + windowHeight + "]";
    }
}
