package dev.nubo.core.store;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The subscribers of a {@link ResourceStore}: each gets every event, whatever another one throws. */
public final class StoreListeners<R> {

    private static final Logger log = LoggerFactory.getLogger(StoreListeners.class);

    private final List<Consumer<StoreEvent<R>>> listeners = new CopyOnWriteArrayList<>();

    public void add(Consumer<StoreEvent<R>> listener) {
        listeners.add(listener);
    }

    public void publish(StoreEvent<R> event) {
        for (Consumer<StoreEvent<R>> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                // one broken subscriber must not fail the write that already committed, nor starve the others
                log.error("store subscriber failed on {} {}", event.type(), event.resource(), e);
            }
        }
    }
}
