package dev.userapi.pipeline.policy;

import java.util.List;

/**
 * A value of a template and the path of keys and list indexes that leads to it, so a finding
 * about it can name its line.
 */
public record Located(Object value, List<Object> path) {

    public Located {
        path = List.copyOf(path);
    }

    /** The value when it is a plain string, else null (intrinsics, numbers, maps). */
    public String text() {
        return value instanceof String s ? s : null;
    }
}
