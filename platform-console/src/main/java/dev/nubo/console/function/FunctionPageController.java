package dev.nubo.console.function;

import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

import dev.nubo.console.ConsoleProperties;
import dev.nubo.console.web.Htmx;
import dev.nubo.core.function.Function;
import dev.nubo.core.function.service.FunctionLogReader;
import dev.nubo.core.function.service.FunctionService;
import dev.nubo.core.model.ObjectMeta;
import dev.nubo.core.problem.ProblemCodes;
import dev.nubo.core.problem.ProblemException;
import dev.nubo.core.runtime.RuntimeCatalog;
import dev.nubo.core.validation.ValidationException;

/**
 * One function's page: status with every condition, the code (view and edit; save = update, which the controller
 * rolls out), the settings, the invoke panel and the live log. Delete is here too.
 */
@Controller
@RequestMapping("/ns/{ns}/functions/{name}")
class FunctionPageController {

    private final FunctionService functions;
    private final FunctionLogReader logs;
    private final Invocations invocations;
    private final RuntimeCatalog runtimes;
    private final ConsoleProperties properties;

    FunctionPageController(FunctionService functions, FunctionLogReader logs, Invocations invocations,
            RuntimeCatalog runtimes, ConsoleProperties properties) {
        this.functions = functions;
        this.logs = logs;
        this.invocations = invocations;
        this.runtimes = runtimes;
        this.properties = properties;
    }

    @GetMapping
    String page(@PathVariable String ns, @PathVariable String name, Model model, HttpSession session) {
        Function function = functions.get(ns, name);
        model.addAttribute("recentCalls", RecentCalls.of(session, ns, name));
        pageModel(model, function, FunctionForm.of(function), Map.of());
        return "functions/detail";
    }

    /** The status panel; it asks again until the current generation settles. */
    @GetMapping("/status")
    String status(@PathVariable String ns, @PathVariable String name, Model model) {
        model.addAttribute("f", functions.get(ns, name));
        return "functions/detail :: status";
    }

    /**
     * Code and settings are one form: a save replaces the spec. A save over a newer generation than the page showed
     * is a conflict (409); the form stays, with what was typed, and says so.
     */
    @PostMapping
    String save(@PathVariable String ns, @PathVariable String name, @ModelAttribute FunctionForm form,
            @RequestParam(required = false) MultipartFile upload, Model model, HttpServletRequest request,
            HttpServletResponse response) {
        Function current = functions.get(ns, name);
        Map<String, String> errors;
        try {
            if (form.generation() != null && !form.generation().equals(Long.toString(current.generation()))) {
                throw ProblemException.conflict(ProblemCodes.RESOURCE_VERSION_CONFLICT, "function " + name
                        + " was changed (generation " + current.generation() + ") since this page showed generation "
                        + form.generation() + ": reload the page and apply your change again");
            }
            form.submit(ns, upload, current.spec(), f -> functions.check(ns, f), f -> functions.replace(ns, name,
                    f.withMetadata(new ObjectMeta(name, ns, current.metadata().labels(), null, null,
                            current.metadata().resourceVersion(), null))));
            return Htmx.redirect("/ns/" + ns + "/functions/" + name, request, response);
        } catch (ValidationException e) {
            response.setStatus(422);
            errors = FunctionForm.messages(e.errors());
        } catch (ProblemException e) {
            response.setStatus(e.status());
            errors = Map.of("general", e.title() + ": " + e.detail());
        }
        pageModel(model, current, form, errors);
        return Htmx.isHtmx(request) ? "functions/detail :: edit" : "functions/detail";
    }

    @PostMapping("/delete")
    String delete(@PathVariable String ns, @PathVariable String name, HttpServletRequest request,
            HttpServletResponse response) {
        functions.delete(ns, name);
        return Htmx.redirect("/ns/" + ns + "/functions", request, response);
    }

    /**
     * One call from the invoke panel: the body typed or a file, headers, and the answer with the log lines of that
     * call. The call joins the function's recent calls (session), to be sent again from the list.
     */
    @PostMapping("/invoke")
    String invoke(@PathVariable String ns, @PathVariable String name, @ModelAttribute Invocations.Request form,
            @RequestParam(required = false) MultipartFile bodyFile, Model model, HttpServletRequest request,
            HttpSession session) throws InterruptedException, java.io.IOException {
        model.addAttribute("f", functions.get(ns, name)); // 404 for a function that does not exist
        boolean withFile = bodyFile != null && !bodyFile.isEmpty();
        Invocations.Request call = new Invocations.Request(form.method(), form.path(),
                withFile && (form.contentType() == null || form.contentType().isBlank()) ? bodyFile.getContentType()
                        : form.contentType(),
                form.headers(), form.body(), withFile ? bodyFile.getOriginalFilename() : null);
        Invocations.Result result;
        try {
            result = invocations.call(ns, name, call, withFile ? bodyFile.getBytes() : null);
        } catch (ProblemException e) {
            result = Invocations.Result.failed(e);
        }
        RecentCalls.add(session, ns, name, call, result.status());
        model.addAttribute("result", result);
        model.addAttribute("call", call);
        model.addAttribute("recentCalls", RecentCalls.of(session, ns, name));
        if (Htmx.isHtmx(request)) {
            return "functions/detail :: invoke-answer";
        }
        Function function = functions.get(ns, name);
        pageModel(model, function, FunctionForm.of(function), Map.of());
        return "functions/detail";
    }

    private void pageModel(Model model, Function function, FunctionForm form, Map<String, String> errors) {
        model.addAttribute("f", function);
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("runtimes", runtimes.runtimes());
        model.addAttribute("mode", StarterTemplates.forRuntime(runtimes.find(function.spec().runtime()).orElse(null)).mode());
        model.addAttribute("archive", function.spec().source() != null && function.spec().source().inline() == null);
        if (!model.containsAttribute("call")) {
            model.addAttribute("call", new Invocations.Request("POST", "/", "application/json", "", "\"console\"", null));
        }
        List<String> lines;
        try {
            lines = logs.tail(function.namespace(), function.name(), properties.logTailLines());
        } catch (ProblemException e) {
            lines = List.of();
        }
        model.addAttribute("logLines", lines);
    }
}
