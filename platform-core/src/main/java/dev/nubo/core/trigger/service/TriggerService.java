package dev.nubo.core.trigger.service;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import dev.nubo.core.model.ObjectMeta;
import dev.nubo.core.problem.ProblemCodes;
import dev.nubo.core.problem.ProblemException;
import dev.nubo.core.quota.NamespaceQuotas;
import dev.nubo.core.store.NamespaceStore;
import dev.nubo.core.store.ResourceStore;
import dev.nubo.core.trigger.Trigger;
import dev.nubo.core.trigger.TriggerKind;
import dev.nubo.core.trigger.TriggerSecrets;
import dev.nubo.core.trigger.TriggerSpec;
import dev.nubo.core.trigger.TriggerStatus;
import dev.nubo.core.validation.FieldError;
import dev.nubo.core.validation.ValidationException;

/**
 * The trigger use cases the API and the console share, for one kind: create, replace, read, list, delete. Every write
 * is validated as a whole (all field errors at once; nothing stored on error), gets its defaults, and has its secrets
 * hashed; every answer has its secrets removed. A new trigger starts Pending until its dispatcher writes status.
 *
 * @param <T> the trigger type
 * @param <S> its spec type
 */
public class TriggerService<T extends Trigger<S>, S extends TriggerSpec> {

    private final TriggerKind<T, S> kind;
    private final ResourceStore<T, S, TriggerStatus> store;
    private final NamespaceStore namespaces;
    private final Clock clock;
    private final NamespaceQuotas quotas;

    /** Without quotas (every namespace unlimited). */
    public TriggerService(TriggerKind<T, S> kind, ResourceStore<T, S, TriggerStatus> store, NamespaceStore namespaces,
            Clock clock) {
        this(kind, store, namespaces, clock, null);
    }

    public TriggerService(TriggerKind<T, S> kind, ResourceStore<T, S, TriggerStatus> store, NamespaceStore namespaces,
            Clock clock, NamespaceQuotas quotas) {
        this.kind = kind;
        this.store = store;
        this.namespaces = namespaces;
        this.clock = clock;
        this.quotas = quotas;
    }

    public TriggerKind<T, S> kind() {
        return kind;
    }

    public T create(String namespace, T submitted) {
        requireNamespace(namespace);
        T trigger = normalise(namespace, submitted, null);
        check(trigger, secrets().refused(trigger.spec()));
        if (quotas != null) {
            quotas.checkNewTrigger(namespace);
        }
        T created = store.create(kind.assemble(trigger.metadata(), stored(trigger),
                TriggerStatus.pending(clock.instant())));
        return redacted(created);
    }

    /**
     * Replaces spec and labels; a resourceVersion in the body must be current (409 otherwise). Credentials repeated
     * without their secret keep the stored one.
     */
    public T replace(String namespace, String name, T submitted) {
        requireNamespace(namespace);
        T trigger = normalise(namespace, submitted, name);
        List<FieldError> refused = secrets().refused(trigger.spec());
        T current = store.get(namespace, name).orElseThrow(() -> notFound(namespace, name));
        T merged = kind.assemble(trigger.metadata(), secrets().keepStored(trigger.spec(), current.spec()), null);
        check(merged, refused);
        return redacted(store.update(kind.assemble(merged.metadata(), stored(merged), null)));
    }

    public T get(String namespace, String name) {
        return store.get(namespace, name).map(this::redacted).orElseThrow(() -> notFound(namespace, name));
    }

    public List<T> list(String namespace) {
        List<T> triggers = store.list(namespace);
        if (triggers.isEmpty()) {
            requireNamespace(namespace);
        }
        return triggers.stream().map(this::redacted).toList();
    }

    /** Deletes the trigger only: the functions it called stay. */
    public T delete(String namespace, String name) {
        return store.delete(namespace, name).map(this::redacted).orElseThrow(() -> notFound(namespace, name));
    }

    private void check(T trigger, List<FieldError> refused) {
        List<FieldError> errors = new ArrayList<>(refused);
        errors.addAll(kind.validator().validate(trigger));
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }

    /** The stored spec: defaults filled, secrets hashed. */
    private S stored(T trigger) {
        return secrets().hash(kind.withDefaults(trigger.metadata(), trigger.spec()));
    }

    private T redacted(T trigger) {
        return kind.assemble(trigger.metadata(), secrets().redact(trigger.spec()), trigger.status());
    }

    private TriggerSecrets<S> secrets() {
        return kind.secrets();
    }

    /** The submitted trigger with the request's identity ({@link ObjectMeta#submitted}). */
    private T normalise(String namespace, T submitted, String pathName) {
        ObjectMeta clean = ObjectMeta.submitted(submitted.metadata(), namespace, pathName, kind.kind());
        return kind.assemble(clean, submitted.spec(), null);
    }

    private void requireNamespace(String namespace) {
        if (!namespaces.exists(namespace)) {
            throw ProblemException.notFound(ProblemCodes.NAMESPACE_NOT_FOUND, "namespace " + namespace + " does not exist");
        }
    }

    /** Only asked when a lookup found nothing: which of the two is missing decides the code. */
    private ProblemException notFound(String namespace, String name) {
        requireNamespace(namespace);
        return ProblemException.notFound(kind.notFoundCode(),
                kind.kind() + " " + name + " not found in namespace " + namespace);
    }
}
