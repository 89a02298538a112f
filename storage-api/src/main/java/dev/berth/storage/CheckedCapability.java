package dev.berth.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * An interface capability of a driver behind {@link CheckedDriver}: a dynamic proxy that runs each
 * call through the decorator's {@code measure}, so that it is timed as {@code <capability>.<method>}
 * and fails only with {@link StorageException}s. The proxy implements the capability alone, so
 * nothing else of the object behind it leaks out.
 */
final class CheckedCapability implements InvocationHandler {
    private final Class<?> capability;
    private final Object target;
    private final CheckedDriver checked;
    private final String prefix;

    private CheckedCapability(Class<?> capability, Object target, CheckedDriver checked) {
        this.capability = capability;
        this.target = target;
        this.checked = checked;
        this.prefix = snakeCase(capability.getSimpleName()) + ".";
    }

    static <T> T of(Class<T> capability, T target, CheckedDriver checked) {
        Object proxy = Proxy.newProxyInstance(capability.getClassLoader(), new Class<?>[] {capability},
                new CheckedCapability(capability, target, checked));
        return capability.cast(proxy);
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> capability.getSimpleName() + " of " + checked.name() + " (checked)";
            };
        }
        try {
            return checked.measure(prefix + snakeCase(method.getName()), pathIn(args), () -> call(method, args));
        } catch (StorageException e) {
            if (declares(method, e)) {
                throw e;
            }
            // A method that declares no IOException cannot throw one through a proxy (the caller would
            // get an UndeclaredThrowableException); the unchecked wrapper keeps the storage failure.
            throw new UncheckedIOException(e);
        }
    }

    private Object call(Method method, Object[] args) throws IOException {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            switch (cause) {
                case IOException io -> throw io;
                case RuntimeException runtime -> throw runtime;
                case Error error -> throw error;
                default -> throw new IOException(cause.getMessage(), cause);
            }
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot call " + method + " on " + target.getClass().getName(), e);
        }
    }

    /** The first argument that looks like a path, for the failure's message. */
    private static String pathIn(Object[] args) {
        if (args != null) {
            for (Object arg : args) {
                if (arg instanceof String text && text.startsWith("/")) {
                    return text;
                }
            }
        }
        return null;
    }

    private static boolean declares(Method method, StorageException e) {
        for (Class<?> declared : method.getExceptionTypes()) {
            if (declared.isInstance(e)) {
                return true;
            }
        }
        return false;
    }

    /** {@code PublishedTree} to {@code published_tree}, {@code ipnsName} to {@code ipns_name}, {@code URLFetcher} to {@code url_fetcher}. */
    static String snakeCase(String name) {
        StringBuilder out = new StringBuilder(name.length() + 4);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isUpperCase(c) && i > 0) {
                boolean afterLower = !Character.isUpperCase(name.charAt(i - 1));
                boolean endsAcronym = i + 1 < name.length() && Character.isLowerCase(name.charAt(i + 1));
                if (afterLower || endsAcronym) {
                    out.append('_');
                }
            }
            out.append(Character.toLowerCase(c));
        }
        return out.toString();
    }
}
