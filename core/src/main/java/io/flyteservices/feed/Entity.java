package io.flyteservices.feed;

/**
 * What kind of row a change is about; the numbers are the {@code changes.entity} column (V4 migration). Since V7
 * no {@link #TRANSITION} change is written: a transition comes with its attempt's change.
 */
public enum Entity {
    RUN(1), ACTION(2), ATTEMPT(3), TRANSITION(4), CLUSTER_EVENT(5), STATE(6);

    public final int code;

    Entity(int code) {
        this.code = code;
    }

    public static Entity of(int code) {
        for (Entity e : values()) {
            if (e.code == code) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown change entity " + code);
    }
}
