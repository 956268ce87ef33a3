import dev.nubo.function.Context;
import dev.nubo.function.Event;

/** A static method and a package-private class: handler Statics.ping. No instance is made. */
class Statics {

    private Statics() {
        throw new AssertionError("no instances");
    }

    public static Object ping(Event event, Context context) {
        return 42;
    }
}
