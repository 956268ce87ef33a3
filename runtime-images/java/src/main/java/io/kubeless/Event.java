package io.kubeless;

/**
 * The event a Kubeless-shape function receives: {@code public String foo(Event event, Context context)}.
 * {@code Data} is the request body as text (a JSON body too, unparsed).
 *
 * <p>The fields keep Kubeless's names so {@code event.Data} compiles unchanged. Kubeless declared them
 * package-private; they are public here because the function's classes are defined by their own class loader,
 * and package-private access does not cross class loaders.
 */
public class Event {

    public String Data;
    public String EventID;
    public String EventType;
    public String EventTime;
    public String EventNamespace;

    public Event(String data, String eventId, String eventType, String eventTime, String eventNamespace) {
        this.Data = data;
        this.EventID = eventId;
        this.EventType = eventType;
        this.EventTime = eventTime;
        this.EventNamespace = eventNamespace;
    }

    public String getData() {
        return Data;
    }

    public String getEventID() {
        return EventID;
    }

    public String getEventType() {
        return EventType;
    }

    public String getEventTime() {
        return EventTime;
    }

    public String getEventNamespace() {
        return EventNamespace;
    }
}
