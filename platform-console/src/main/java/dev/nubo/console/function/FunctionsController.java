package dev.nubo.console.function;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

import dev.nubo.console.web.Htmx;
import dev.nubo.core.function.Function;
import dev.nubo.core.function.service.FunctionDocuments;
import dev.nubo.core.function.service.FunctionService;
import dev.nubo.core.metrics.FunctionMetrics;
import dev.nubo.core.runtime.RuntimeCatalog;
import dev.nubo.core.runtime.RuntimeInfo;
import dev.nubo.core.validation.ValidationException;

/**
 * The functions of a namespace: the list (filter, live phase badges), and creating one from the editor, an upload or
 * a Kubeless manifest. Every form posts without JavaScript too; htmx only swaps the answer in place.
 */
@Controller
@RequestMapping("/ns/{ns}/functions")
class FunctionsController {

    private final FunctionService functions;
    private final FunctionDocuments documents;
    private final RuntimeCatalog runtimes;
    private final FunctionMetrics metrics;

    FunctionsController(FunctionService functions, FunctionDocuments documents, RuntimeCatalog runtimes,
            FunctionMetrics metrics) {
        this.functions = functions;
        this.documents = documents;
        this.runtimes = runtimes;
        this.metrics = metrics;
    }

    @GetMapping
    String list(@PathVariable String ns, @RequestParam(name = "q", defaultValue = "") String filter, Model model,
            HttpServletRequest request) {
        String needle = filter.strip().toLowerCase(Locale.ROOT);
        List<Function> all = functions.list(ns);
        model.addAttribute("filter", filter);
        model.addAttribute("total", all.size());
        List<Function> shown = all.stream().filter(f -> f.name().toLowerCase(Locale.ROOT).contains(needle)).toList();
        model.addAttribute("functions", shown);
        // calls and errors in the last hour, per function shown
        Map<String, FunctionMetrics.CallTotals> usage = new java.util.HashMap<>();
        shown.forEach(f -> usage.put(f.name(), metrics.lastHour(ns, f.name())));
        model.addAttribute("usage", usage);
        return Htmx.isHtmx(request) ? "functions/list :: rows" : "functions/list";
    }

    /** A row's phase badge; it asks again while the function builds or deploys. */
    @GetMapping("/{name}/badge")
    String badge(@PathVariable String ns, @PathVariable String name, Model model) {
        model.addAttribute("f", functions.get(ns, name));
        return "functions/badge :: badge";
    }

    @GetMapping("/new")
    String create(@PathVariable String ns, @RequestParam(required = false) String runtime, Model model,
            HttpServletRequest request) {
        RuntimeInfo chosen = runtime(runtime);
        StarterTemplates.Starter starter = StarterTemplates.forRuntime(chosen);
        FunctionForm form = new FunctionForm("", chosen == null ? "" : chosen.id(), starter.handler(), starter.code(),
                "", "", "", "", "", null, "");
        formModel(model, form, Map.of());
        // the runtime picker asks for the code fields of the runtime chosen: handler, starter code, editor mode
        return Htmx.isHtmx(request) && runtime != null ? "functions/new :: code-fields" : "functions/new";
    }

    /** Inline validation while typing: the same validator as a create, nothing stored; messages beside the fields. */
    @PostMapping("/validate")
    String validate(@PathVariable String ns, @ModelAttribute FunctionForm form, Model model) {
        Map<String, String> errors = Map.of();
        try {
            form.submit(ns, null, null, f -> functions.check(ns, f), f -> functions.check(ns, f));
        } catch (ValidationException e) {
            errors = FunctionForm.messages(e.errors());
        }
        model.addAttribute("errors", errors);
        return "functions/field-errors :: field-errors";
    }

    @PostMapping
    String submit(@PathVariable String ns, @ModelAttribute FunctionForm form,
            @RequestParam(required = false) MultipartFile upload, Model model, HttpServletRequest request,
            HttpServletResponse response) {
        try {
            Function created = form.submit(ns, upload, null, f -> functions.check(ns, f), f -> functions.create(ns, f));
            return Htmx.redirect("/ns/" + ns + "/functions/" + created.name(), request, response);
        } catch (ValidationException e) {
            response.setStatus(422);
            formModel(model, form, FunctionForm.messages(e.errors()));
            return Htmx.isHtmx(request) ? "functions/new :: form" : "functions/new";
        } catch (dev.nubo.core.problem.ProblemException e) {
            // a name already taken (409), a namespace gone (404): shown on the form, which keeps what was typed
            response.setStatus(e.status());
            formModel(model, form, Map.of(e.status() == 409 ? "name" : "general", e.detail()));
            return Htmx.isHtmx(request) ? "functions/new :: form" : "functions/new";
        }
    }

    /** A Kubeless (or native) manifest, YAML or JSON, pasted or uploaded. */
    @PostMapping("/import")
    String importManifest(@PathVariable String ns, @RequestParam(defaultValue = "") String manifest,
            @RequestParam(required = false) MultipartFile manifestFile, HttpServletRequest request,
            HttpServletResponse response) throws java.io.IOException {
        String text = manifestFile != null && !manifestFile.isEmpty()
                ? new String(manifestFile.getBytes(), java.nio.charset.StandardCharsets.UTF_8) : manifest;
        Function created = functions.create(ns, documents.read(text, true));
        return Htmx.redirect("/ns/" + ns + "/functions/" + created.name(), request, response);
    }

    private void formModel(Model model, FunctionForm form, Map<String, String> errors) {
        RuntimeInfo chosen = runtime(form.runtime());
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("runtimes", runtimes.runtimes());
        model.addAttribute("mode", StarterTemplates.forRuntime(chosen).mode());
    }

    private RuntimeInfo runtime(String id) {
        if (id != null && !id.isBlank()) {
            return runtimes.find(id).orElse(null);
        }
        return runtimes.runtimes().stream().filter(r -> r.language().equals("python")).findFirst()
                .orElse(runtimes.runtimes().isEmpty() ? null : runtimes.runtimes().getFirst());
    }
}
