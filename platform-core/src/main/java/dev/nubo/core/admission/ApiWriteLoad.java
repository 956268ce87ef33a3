package dev.nubo.core.admission;

/**
 * Whether API writes are waiting for their turn right now: clients send changes faster than the API takes them (a
 * flood of creates). Work that can wait and shares the machine with the API — starting replicas — holds back while
 * they do, so the API keeps answering. The API's write admission tells; where no API runs in the process (the
 * controller as a service of its own), writes never wait here.
 */
@FunctionalInterface
public interface ApiWriteLoad {

    /** No API in this process. */
    ApiWriteLoad NONE = () -> false;

    boolean writesWaiting();
}
