package io.github.fijiunet.tensor;

/** A plane that can be read and written (the image's own memory, or a view of it). */
public interface ImagePlane extends PlaneSource, PlaneTarget {}
