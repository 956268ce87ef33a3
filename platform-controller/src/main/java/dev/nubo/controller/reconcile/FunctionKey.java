package dev.nubo.controller.reconcile;

import dev.nubo.core.function.Function;

/** Which function a reconcile, a route or a replica belongs to. Printed as {@code namespace/name}. */
record FunctionKey(String namespace, String name) {

    static FunctionKey of(Function function) {
        return new FunctionKey(function.namespace(), function.name());
    }

    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}
