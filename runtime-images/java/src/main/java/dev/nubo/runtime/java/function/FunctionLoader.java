package dev.nubo.runtime.java.function;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Optional;

/**
 * Loads a handler {@code Class.method} and adapts its method to a {@link LoadedFunction}. Accepted methods, in
 * order of preference: Kubeless {@code (io.kubeless.Event, io.kubeless.Context)}, Nubo
 * {@code (dev.nubo.function.Event, dev.nubo.function.Context)} and {@code (dev.nubo.function.Event)}; static or
 * not (then one instance, made with the no-argument constructor, serves every call).
 */
public final class FunctionLoader {

    private FunctionLoader() {
    }

    public static LoadedFunction load(FunctionCode code, HandlerName handler, FunctionContext context)
            throws FunctionLoadException {
        ClassLoader loader = code.classLoader();
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(loader);
        try {
            Class<?> type = findClass(loader, handler, code);
            Method method = findMethod(type, handler);
            Object target = Modifier.isStatic(method.getModifiers()) ? null : instantiate(type);
            return new LoadedFunction(adapt(method, target, context), loader, context);
        } catch (LinkageError e) {
            throw new FunctionLoadException("cannot load " + handler + ": " + describe(e), e);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    private static Class<?> findClass(ClassLoader loader, HandlerName handler, FunctionCode code)
            throws FunctionLoadException {
        for (String name : handler.candidateClassNames()) {
            try {
                return Class.forName(name, true, loader);
            } catch (ClassNotFoundException e) {
                // try the next candidate
            } catch (ExceptionInInitializerError e) {
                throw new FunctionLoadException("class " + name + " failed to initialize: " + describe(e.getCause()),
                        e.getCause());
            }
        }
        throw new FunctionLoadException("class " + String.join(" or ", handler.candidateClassNames())
                + " not found in " + code.classpath());
    }

    private static Method findMethod(Class<?> type, HandlerName handler) throws FunctionLoadException {
        Optional<Method> method = Arrays.stream(Shape.values())
                .flatMap(shape -> publicMethod(type, handler.methodName(), shape.parameters).stream())
                .findFirst();
        Method found = method.orElseThrow(() -> new FunctionLoadException("class " + type.getName()
                + " has no public method " + handler.methodName() + "(io.kubeless.Event, io.kubeless.Context), "
                + handler.methodName() + "(dev.nubo.function.Event, dev.nubo.function.Context) or "
                + handler.methodName() + "(dev.nubo.function.Event)"));
        // a public method of a non-public class is still not accessible through reflection
        found.setAccessible(true);
        return found;
    }

    private static Optional<Method> publicMethod(Class<?> type, String name, Class<?>[] parameters) {
        try {
            return Optional.of(type.getMethod(name, parameters));
        } catch (NoSuchMethodException e) {
            return Optional.empty();
        }
    }

    private static Object instantiate(Class<?> type) throws FunctionLoadException {
        try {
            Constructor<?> constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
            return constructor.newInstance();
        } catch (NoSuchMethodException e) {
            throw new FunctionLoadException("class " + type.getName() + " needs a constructor without arguments"
                    + " (or make the handler method static)");
        } catch (InvocationTargetException e) {
            throw new FunctionLoadException("constructor of " + type.getName() + " failed: "
                    + describe(e.getCause()), e.getCause());
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new FunctionLoadException("cannot create " + type.getName() + ": " + describe(e), e);
        }
    }

    private static LoadedFunction.Invocable adapt(Method method, Object target, FunctionContext context) {
        Shape shape = Shape.of(method);
        Object kubelessContext = new io.kubeless.Context(context.functionName(), context.timeoutText(),
                context.runtime(), context.memoryLimit());
        Object nuboContext = new dev.nubo.function.Context(context.functionName(), context.timeoutText(),
                context.runtime(), context.memoryLimit());
        return call -> {
            Object[] arguments = switch (shape) {
                case KUBELESS -> new Object[] {Events.kubeless(call), kubelessContext};
                case NUBO -> new Object[] {Events.nubo(call), nuboContext};
                case NUBO_EVENT_ONLY -> new Object[] {Events.nubo(call)};
            };
            try {
                return method.invoke(target, arguments);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
    }

    static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private enum Shape {
        KUBELESS(io.kubeless.Event.class, io.kubeless.Context.class),
        NUBO(dev.nubo.function.Event.class, dev.nubo.function.Context.class),
        NUBO_EVENT_ONLY(dev.nubo.function.Event.class);

        private final Class<?>[] parameters;

        Shape(Class<?>... parameters) {
            this.parameters = parameters;
        }

        static Shape of(Method method) {
            return Arrays.stream(values())
                    .filter(s -> Arrays.equals(s.parameters, method.getParameterTypes()))
                    .findFirst()
                    .orElseThrow();
        }
    }
}
