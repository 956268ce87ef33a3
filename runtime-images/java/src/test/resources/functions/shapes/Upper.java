import java.util.Locale;
import java.util.function.Function;

import dev.nubo.function.Event;

/** A java.util.function.Function: handler Upper.apply. */
public class Upper implements Function<Event, Object> {

    @Override
    public Object apply(Event event) {
        return ((String) event.data()).toUpperCase(Locale.ROOT);
    }
}
