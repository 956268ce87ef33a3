package io.kubeless;

import nubotest.greeting.Greeting;

/** Kubeless's HelloWithDeps shape: the dependency comes from pom.xml. */
public class Hello {

    public String sayHello(io.kubeless.Event event, io.kubeless.Context context) {
        return Greeting.greet(event.Data);
    }
}
