package dev.nubo.core.store;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import dev.nubo.core.model.Resource;

/**
 * Stores one kind of resource with Kubernetes semantics: {@code create} assigns uid, generation 1 and a
 * resourceVersion; {@code update} refuses a stale resourceVersion (409) and raises the generation only when the
 * spec changed; {@code updateStatus} leaves spec and generation alone. Every committed write is published to
 * subscribers, after the commit: at once by the database's store, moments later by the Kubernetes backend's (from its
 * informer, which also publishes other writers' changes). A read after this instance's own write sees it.
 */
public interface ResourceStore<R extends Resource<S, T>, S, T> {

    /** Builds a resource of one kind from its parts (what every implementation reads back). */
    interface Assembler<R, S, T> {
        R assemble(dev.nubo.core.model.ObjectMeta metadata, S spec, T status);
    }

    /** @throws dev.nubo.core.problem.ProblemException 409 when the name is taken, 404 when the namespace is missing */
    R create(R resource);

    Optional<R> get(String namespace, String name);

    List<R> list(String namespace);

    List<R> listAll();

    /**
     * Replaces spec and labels. When the given metadata carries a resourceVersion it must be the current one.
     *
     * @throws dev.nubo.core.problem.ProblemException 404 when missing, 409 when the resourceVersion is stale
     */
    R update(R resource);

    /** Replaces the status; empty when the resource is gone. */
    Optional<R> updateStatus(String namespace, String name, T status);

    /**
     * Changes the status from what it is, atomically: {@code change} gets the current resource (its row locked until
     * the write) and returns the new status, or null to leave it as it is (nothing written, no event). For writers
     * that merge into the stored status, such as counters several platform instances add to.
     *
     * @return the resource after the change (or unchanged), empty when it is gone
     */
    Optional<R> changeStatus(String namespace, String name, java.util.function.Function<? super R, ? extends T> change);

    /** @return the deleted resource, empty when there was none */
    Optional<R> delete(String namespace, String name);

    void subscribe(Consumer<StoreEvent<R>> listener);
}
