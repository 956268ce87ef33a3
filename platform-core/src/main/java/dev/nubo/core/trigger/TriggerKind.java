package dev.nubo.core.trigger;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.nubo.core.model.ObjectMeta;
import dev.nubo.core.model.Resource;

/**
 * What the generic trigger code needs to know about one kind: its names (Nubo's and Kubeless's), how to assemble
 * one, its validator, its defaults and its secrets. One constant per kind.
 *
 * @param <T> the trigger type
 * @param <S> its spec type
 */
public final class TriggerKind<T extends Trigger<S>, S extends TriggerSpec> {

    /** Builds a trigger of this kind from its parts. */
    @FunctionalInterface
    public interface Assembler<T, S> {
        T assemble(ObjectMeta metadata, S spec, TriggerStatus status);
    }

    /** Fills the defaults of a spec; the trigger's metadata names derived defaults (consumer groups, streams). */
    @FunctionalInterface
    public interface Defaults<S> {
        S fill(ObjectMeta metadata, S spec);
    }

    public static final TriggerKind<HttpTrigger, HttpTriggerSpec> HTTP = new TriggerKind<>(HttpTrigger.KIND,
            HttpTrigger.PLURAL, "HTTPTrigger", HttpTrigger.class, HttpTriggerSpec.class,
            (meta, spec, status) -> new HttpTrigger(Resource.API_VERSION, HttpTrigger.KIND, meta, spec, status),
            new HttpTriggerValidator(), (meta, spec) -> spec.withDefaults(), new HttpTriggerSecrets());

    public static final TriggerKind<CronTrigger, CronTriggerSpec> CRON = new TriggerKind<>(CronTrigger.KIND,
            CronTrigger.PLURAL, "CronJobTrigger", CronTrigger.class, CronTriggerSpec.class,
            (meta, spec, status) -> new CronTrigger(Resource.API_VERSION, CronTrigger.KIND, meta, spec, status),
            new CronTriggerValidator(), (meta, spec) -> spec.withDefaults(), TriggerSecrets.none());

    public static final TriggerKind<KafkaTrigger, KafkaTriggerSpec> KAFKA = new TriggerKind<>(KafkaTrigger.KIND,
            KafkaTrigger.PLURAL, "KafkaTrigger", KafkaTrigger.class, KafkaTriggerSpec.class,
            (meta, spec, status) -> new KafkaTrigger(Resource.API_VERSION, KafkaTrigger.KIND, meta, spec, status),
            new KafkaTriggerValidator(), (meta, spec) -> spec.withDefaults(meta.namespace(), meta.name()),
            TriggerSecrets.none());

    public static final TriggerKind<NatsTrigger, NatsTriggerSpec> NATS = new TriggerKind<>(NatsTrigger.KIND,
            NatsTrigger.PLURAL, "NATSTrigger", NatsTrigger.class, NatsTriggerSpec.class,
            (meta, spec, status) -> new NatsTrigger(Resource.API_VERSION, NatsTrigger.KIND, meta, spec, status),
            new NatsTriggerValidator(), (meta, spec) -> spec.withDefaults(meta.namespace(), meta.name()),
            TriggerSecrets.none());

    public static final List<TriggerKind<?, ?>> ALL = List.of(HTTP, CRON, KAFKA, NATS);

    private final String kind;
    private final String plural;
    private final String kubelessKind;
    private final Class<T> type;
    private final Class<S> specType;
    private final Assembler<T, S> assembler;
    private final TriggerValidator<T> validator;
    private final Defaults<S> defaults;
    private final TriggerSecrets<S> secrets;

    private TriggerKind(String kind, String plural, String kubelessKind, Class<T> type, Class<S> specType,
            Assembler<T, S> assembler, TriggerValidator<T> validator, Defaults<S> defaults, TriggerSecrets<S> secrets) {
        this.kind = kind;
        this.plural = plural;
        this.kubelessKind = kubelessKind;
        this.type = type;
        this.specType = specType;
        this.assembler = assembler;
        this.validator = validator;
        this.defaults = defaults;
        this.secrets = secrets;
    }

    /** The kind Kubeless gave the same trigger ({@code kubeless.io/v1beta1}). */
    public static Optional<TriggerKind<?, ?>> byKubelessKind(String kubelessKind) {
        return ALL.stream().filter(k -> k.kubelessKind.equals(kubelessKind)).findFirst();
    }

    public static Optional<TriggerKind<?, ?>> byKind(String kind) {
        return ALL.stream().filter(k -> k.kind.equals(kind)).findFirst();
    }

    public String kind() {
        return kind;
    }

    /** The collection's path segment, e.g. {@code httptriggers}. */
    public String plural() {
        return plural;
    }

    public String listKind() {
        return kind + "List";
    }

    public String kubelessKind() {
        return kubelessKind;
    }

    public Class<T> type() {
        return type;
    }

    public Class<S> specType() {
        return specType;
    }

    public T assemble(ObjectMeta metadata, S spec, TriggerStatus status) {
        return assembler.assemble(metadata, spec, status);
    }

    public TriggerValidator<T> validator() {
        return validator;
    }

    public S withDefaults(ObjectMeta metadata, S spec) {
        return spec == null ? null : defaults.fill(metadata, spec);
    }

    public TriggerSecrets<S> secrets() {
        return secrets;
    }

    /** The problem code of a missing trigger, as the store words it: {@code HTTPTRIGGER_NOT_FOUND}. */
    public String notFoundCode() {
        return kind.toUpperCase(Locale.ROOT) + "_NOT_FOUND";
    }

    /** The problem code of a taken name, as the store words it: {@code HTTPTRIGGER_EXISTS}. */
    public String existsCode() {
        return kind.toUpperCase(Locale.ROOT) + "_EXISTS";
    }

    @Override
    public String toString() {
        return kind;
    }
}
