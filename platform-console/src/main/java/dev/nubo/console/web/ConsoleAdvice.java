package dev.nubo.console.web;

import java.security.Principal;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;

import dev.nubo.console.ConsoleModule;
import dev.nubo.console.security.ConsoleCallers;
import dev.nubo.console.security.NamespaceGuard;
import dev.nubo.core.problem.ProblemException;
import dev.nubo.core.store.NamespaceStore;
import dev.nubo.core.user.NamespaceRole;

/**
 * What every console page shows (the user, the namespaces to switch between), and errors as a readable message in
 * place: the problem's title and detail from the use case, never a stack trace. An htmx request gets the message
 * alone, to swap where the answer was expected; a page load gets it inside the page.
 */
// first: the API's problem-JSON advice applies to every controller, and must not answer the console's pages
@ControllerAdvice(basePackageClasses = ConsoleModule.class)
@org.springframework.core.annotation.Order(org.springframework.core.Ordered.HIGHEST_PRECEDENCE)
public class ConsoleAdvice {

    private static final Logger log = LoggerFactory.getLogger(ConsoleAdvice.class);

    private final ConsoleCallers callers;

    ConsoleAdvice(ConsoleCallers callers) {
        this.callers = callers;
    }

    /**
     * The user, the namespaces they may switch to, and their role in this one: {@code canWrite} false (a viewer)
     * hides the write buttons; the server refuses those writes anyway ({@link NamespaceGuard}).
     */
    @ModelAttribute
    void common(Model model, Principal principal, HttpServletRequest request,
            @PathVariable(name = "ns", required = false) String ns) {
        String current = ns == null ? NamespaceStore.DEFAULT : ns;
        if (principal != null) {
            List<String> visible = callers.visibleNamespaces(callers.of(principal));
            model.addAttribute("user", principal.getName());
            model.addAttribute("namespaces", visible);
            if (ns == null && !visible.isEmpty() && !visible.contains(current)) {
                current = visible.getFirst(); // pages outside a namespace link to one the user may open
            }
        }
        model.addAttribute("ns", current);
        NamespaceRole role = request.getAttribute(NamespaceGuard.ROLE) instanceof NamespaceRole r ? r : null;
        model.addAttribute("role", role == null ? null : role.id());
        model.addAttribute("canWrite", role != null && role.allows(NamespaceRole.Action.WRITE));
    }

    /**
     * An error page keeps the console's header: exception handlers get a model of their own, without what
     * {@link #common} adds.
     */
    private void errorPage(Model model, HttpServletRequest request) {
        Object variables = request.getAttribute(org.springframework.web.servlet.HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        // the page's namespace only when the guard let the user in (a hidden one's links would lead to 404 again)
        String ns = request.getAttribute(NamespaceGuard.ROLE) != null && variables instanceof java.util.Map<?, ?> map
                && map.get("ns") instanceof String s ? s : null;
        common(model, request.getUserPrincipal(), request, ns);
    }

    @ExceptionHandler(ProblemException.class)
    String problem(ProblemException e, HttpServletRequest request, HttpServletResponse response, Model model) {
        errorPage(model, request);
        response.setStatus(e.status());
        model.addAttribute("problem", Problem.of(e));
        return Htmx.isHtmx(request) ? "error :: problem" : "error";
    }

    @ExceptionHandler(Exception.class)
    String unexpected(Exception e, HttpServletRequest request, HttpServletResponse response, Model model)
            throws Exception {
        if (e instanceof org.springframework.web.ErrorResponse || e instanceof org.springframework.security.access.AccessDeniedException
                || e instanceof org.springframework.security.core.AuthenticationException) {
            throw e; // Spring MVC's own 4xx (missing parameter, bad method) and security keep their handling
        }
        log.error("console request {} {} failed", request.getMethod(), request.getRequestURI(), e);
        errorPage(model, request);
        response.setStatus(500);
        model.addAttribute("problem", new Problem(500, "INTERNAL_ERROR", "Something went wrong",
                "the platform could not complete this; the details are in the platform log", List.of()));
        return Htmx.isHtmx(request) ? "error :: problem" : "error";
    }
}
