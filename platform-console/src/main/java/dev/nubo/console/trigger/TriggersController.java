package dev.nubo.console.trigger;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.nubo.console.web.Htmx;
import dev.nubo.core.function.Function;
import dev.nubo.core.function.service.FunctionService;
import dev.nubo.core.problem.ProblemCodes;
import dev.nubo.core.problem.ProblemException;
import dev.nubo.core.trigger.TopicCatalog;
import dev.nubo.core.trigger.Trigger;
import dev.nubo.core.trigger.TriggerKind;
import dev.nubo.core.trigger.service.CronPreview;
import dev.nubo.core.trigger.service.TriggerManifests;
import dev.nubo.core.trigger.service.TriggerService;
import dev.nubo.core.validation.FieldError;
import dev.nubo.core.validation.ValidationException;
import tools.jackson.databind.node.ObjectNode;

/**
 * The triggers of a namespace: HTTP, cron, Kafka and NATS, each with its live status; create, edit, enable/disable,
 * delete through the trigger use cases. A cron form shows the next fire times before it is saved.
 */
@Controller
@RequestMapping("/ns/{ns}/triggers")
class TriggersController {

    /** The kinds the console manages, in the order the page shows them. */
    static final List<TriggerKind<?, ?>> KINDS = List.of(TriggerKind.HTTP, TriggerKind.CRON, TriggerKind.KAFKA,
            TriggerKind.NATS);

    private final Map<TriggerKind<?, ?>, TriggerService<?, ?>> services = new LinkedHashMap<>();
    private final TriggerManifests manifests;
    private final CronPreview cronPreview;
    private final FunctionService functions;
    private final ObjectProvider<TopicCatalog> topicCatalog;

    TriggersController(List<TriggerService<?, ?>> services, TriggerManifests manifests, CronPreview cronPreview,
            FunctionService functions, ObjectProvider<TopicCatalog> topicCatalog) {
        services.forEach(s -> this.services.put(s.kind(), s));
        this.manifests = manifests;
        this.cronPreview = cronPreview;
        this.functions = functions;
        this.topicCatalog = topicCatalog;
    }

    /** A topic of the cluster as the Kafka form offers it. */
    record TopicChoice(String name, boolean checked) {
    }

    record KindTriggers(TriggerKind<?, ?> kind, List<? extends Trigger<?>> triggers) {
    }

    @GetMapping
    String list(@PathVariable String ns, Model model, HttpServletRequest request) {
        model.addAttribute("groups", KINDS.stream().map(k -> new KindTriggers(k, service(k).list(ns))).toList());
        return Htmx.isHtmx(request) ? "triggers/list :: tables" : "triggers/list";
    }

    @GetMapping("/{kind}/new")
    String create(@PathVariable String ns, @PathVariable("kind") String plural, Model model) {
        formModel(model, ns, kind(plural), TriggerForm.empty(), false, Map.of());
        return "triggers/form";
    }

    @GetMapping("/{kind}/{name}")
    String edit(@PathVariable String ns, @PathVariable("kind") String plural, @PathVariable String name, Model model) {
        TriggerKind<?, ?> kind = kind(plural);
        Trigger<?> trigger = service(kind).get(ns, name);
        formModel(model, ns, kind, TriggerForm.of(trigger), true, Map.of());
        model.addAttribute("trigger", trigger);
        return "triggers/form";
    }

    /** The next fire times of a schedule, for the cron form as it is typed. */
    @GetMapping("/crontriggers/preview")
    String preview(@RequestParam(defaultValue = "") String schedule, @RequestParam(defaultValue = "") String timeZone,
            Model model) {
        preview(model, schedule, timeZone);
        return "triggers/form :: preview";
    }

    @PostMapping("/{kind}")
    String submitNew(@PathVariable String ns, @PathVariable("kind") String plural, @ModelAttribute TriggerForm form,
            @RequestParam(required = false) String action, Model model, HttpServletRequest request,
            HttpServletResponse response) {
        return save(ns, kind(plural), null, form, action, model, request, response);
    }

    @PostMapping("/{kind}/{name}")
    String submitEdit(@PathVariable String ns, @PathVariable("kind") String plural, @PathVariable String name,
            @ModelAttribute TriggerForm form, @RequestParam(required = false) String action, Model model,
            HttpServletRequest request, HttpServletResponse response) {
        return save(ns, kind(plural), name, form, action, model, request, response);
    }

    @PostMapping("/{kind}/{name}/enabled")
    String enable(@PathVariable String ns, @PathVariable("kind") String plural, @PathVariable String name,
            @RequestParam boolean enabled, HttpServletRequest request, HttpServletResponse response, Model model) {
        TriggerKind<?, ?> kind = kind(plural);
        TriggerService<?, ?> service = service(kind);
        // a dispatcher may write the trigger's status between the read and the write: read again and reapply
        for (int attempt = 1; ; attempt++) {
            ObjectNode tree = TriggerForm.JSON.valueToTree(service.get(ns, name));
            tree.remove("status");
            ((ObjectNode) tree.path("spec")).put("enabled", enabled);
            try {
                replace(service, ns, name, tree);
                break;
            } catch (ProblemException e) {
                if (e.status() != 409 || attempt == 5) {
                    throw e;
                }
            }
        }
        if (Htmx.isHtmx(request)) {
            return list(ns, model, request);
        }
        return "redirect:/ns/" + ns + "/triggers";
    }

    @PostMapping("/{kind}/{name}/delete")
    String delete(@PathVariable String ns, @PathVariable("kind") String plural, @PathVariable String name,
            HttpServletRequest request, HttpServletResponse response) {
        service(kind(plural)).delete(ns, name);
        return Htmx.redirect("/ns/" + ns + "/triggers", request, response);
    }

    private String save(String ns, TriggerKind<?, ?> kind, String name, TriggerForm form, String action, Model model,
            HttpServletRequest request, HttpServletResponse response) {
        boolean editing = name != null;
        if ("preview".equals(action)) { // the no-JavaScript way to see the next fire times
            formModel(model, ns, kind, form, editing, Map.of());
            return "triggers/form";
        }
        try {
            TriggerService<?, ?> service = service(kind);
            if (editing) {
                Trigger<?> current = service.get(ns, name);
                if (form.generation() != null && !form.generation().equals(Long.toString(current.generation()))) {
                    throw ProblemException.conflict(ProblemCodes.RESOURCE_VERSION_CONFLICT, "trigger " + name
                            + " was changed since this form was opened: reload it and apply your change again");
                }
                replace(service, ns, name, form.manifest(kind, current.metadata().resourceVersion()));
            } else {
                create(service, ns, form.manifest(kind, null));
            }
            return Htmx.redirect("/ns/" + ns + "/triggers", request, response);
        } catch (ValidationException e) {
            response.setStatus(422);
            Map<String, String> errors = new LinkedHashMap<>();
            for (FieldError error : e.errors()) {
                errors.merge(fieldOf(error.field()), error.message(), (a, b) -> a + "; " + b);
            }
            formModel(model, ns, kind, form, editing, errors);
            return Htmx.isHtmx(request) ? "triggers/form :: form" : "triggers/form";
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void create(TriggerService service, String ns, ObjectNode manifest) {
        service.create(ns, manifests.read(service.kind(), manifest).trigger());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void replace(TriggerService service, String ns, String name, ObjectNode manifest) {
        service.replace(ns, name, manifests.read(service.kind(), manifest).trigger());
    }

    private void formModel(Model model, String ns, TriggerKind<?, ?> kind, TriggerForm form, boolean editing,
            Map<String, String> errors) {
        model.addAttribute("kind", kind);
        model.addAttribute("form", form);
        model.addAttribute("editing", editing);
        model.addAttribute("errors", errors);
        model.addAttribute("functionNames", functions.list(ns).stream().map(Function::name).toList());
        if (kind == TriggerKind.CRON) {
            preview(model, form.schedule(), form.timeZone());
        }
        if (kind == TriggerKind.KAFKA) {
            topics(model, form);
        }
    }

    /**
     * The cluster's topics as checkboxes (posted as {@code topics} like the text field, which Spring joins with
     * commas), and the form's other topics in the text field; without an answer from the cluster the text field
     * alone, and why.
     */
    private void topics(Model model, TriggerForm form) {
        TopicCatalog catalog = topicCatalog.getIfAvailable();
        TopicCatalog.Topics topics = catalog == null
                ? TopicCatalog.Topics.unavailable("this console does not reach the Kafka cluster")
                : catalog.topics();
        List<String> chosen = TriggerForm.split(form.topics());
        model.addAttribute("topicChoices", topics.names().stream()
                .map(t -> new TopicChoice(t, chosen.contains(t))).toList());
        model.addAttribute("otherTopics", String.join(", ",
                chosen.stream().filter(t -> !topics.names().contains(t)).toList()));
        model.addAttribute("topicsUnavailable", topics.unavailableReason());
    }

    private void preview(Model model, String schedule, String timeZone) {
        try {
            model.addAttribute("preview", cronPreview.preview(schedule, timeZone, null));
        } catch (ValidationException e) {
            model.addAttribute("previewError", e.errors().stream().map(FieldError::message).toList());
        }
    }

    private static String fieldOf(String path) {
        if (path == null) {
            return "general";
        }
        String last = path.replaceFirst("^(metadata|spec)\\.", "").replaceFirst("[.\\[].*$", "");
        return switch (last) {
            case "name", "function", "schedule", "timeZone", "payload", "path", "host", "methods", "topics",
                 "consumerGroup", "startFrom", "subject", "stream" -> last;
            default -> "general";
        };
    }

    private TriggerService<?, ?> service(TriggerKind<?, ?> kind) {
        return services.get(kind);
    }

    private static TriggerKind<?, ?> kind(String plural) {
        return KINDS.stream().filter(k -> k.plural().equals(plural)).findFirst()
                .orElseThrow(() -> ProblemException.notFound(ProblemCodes.MALFORMED_REQUEST,
                        "the console manages httptriggers, crontriggers, kafkatriggers and natstriggers, not " + plural));
    }
}
