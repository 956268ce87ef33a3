package dev.nubo.runtime.java.function;

/**
 * A handler {@code Class.method}: {@code Foo.foo}, {@code com.example.Greeter.handle}. The last dot separates
 * the method, so it does not matter where the platform split the handler into {@code MOD_NAME} and
 * {@code FUNC_HANDLER}.
 */
public record HandlerName(String className, String methodName) {

    public static HandlerName parse(String handler) {
        int dot = handler == null ? -1 : handler.lastIndexOf('.');
        if (dot <= 0 || dot == handler.length() - 1) {
            throw new IllegalArgumentException("handler must be Class.method, got: " + handler);
        }
        return new HandlerName(handler.substring(0, dot), handler.substring(dot + 1));
    }

    /** Kubeless looked the class up in package io.kubeless; a simple name is tried there first. */
    public String[] candidateClassNames() {
        return className.contains(".") ? new String[] {className}
                : new String[] {"io.kubeless." + className, className};
    }

    @Override
    public String toString() {
        return className + "." + methodName;
    }
}
