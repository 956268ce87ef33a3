/** A class whose static initializer fails: loading it must fail visibly, not the server. */
public class Broken {

    static {
        if (Boolean.parseBoolean("true")) {
            throw new IllegalStateException("cannot start: no database");
        }
    }

    public String handle(io.kubeless.Event event, io.kubeless.Context context) {
        return "unreachable";
    }
}
