package dev.nubo.console.home;

import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriUtils;

import dev.nubo.console.security.ConsoleCallers;
import dev.nubo.core.problem.ProblemCodes;
import dev.nubo.core.problem.ProblemException;
import dev.nubo.core.store.NamespaceStore;

/**
 * The way in: the login page, the start page (the functions of the default namespace, or of the first namespace the
 * user is a member of) and the namespace switch.
 */
@Controller
class HomeController {

    private final ConsoleCallers callers;

    HomeController(ConsoleCallers callers) {
        this.callers = callers;
    }

    @GetMapping("/login")
    String login() {
        return "login";
    }

    @GetMapping("/")
    String home(Principal principal) {
        List<String> visible = callers.visibleNamespaces(callers.of(principal));
        if (visible.isEmpty()) {
            return "welcome"; // a user without any membership yet: say whom to ask
        }
        String start = visible.contains(NamespaceStore.DEFAULT) ? NamespaceStore.DEFAULT : visible.getFirst();
        return "redirect:/ns/" + UriUtils.encodePathSegment(start, StandardCharsets.UTF_8) + "/functions";
    }

    /**
     * An address in a namespace that no page answers (a mistyped or outdated link): the console's own 404 page, with
     * its header, rather than the platform's JSON error. Every more specific mapping wins over this one.
     */
    @GetMapping({"/ns/{ns}/**", "/tokens/**"})
    String noPage(HttpServletRequest request) {
        throw ProblemException.notFound(ProblemCodes.NOT_FOUND, "there is no page at " + request.getRequestURI());
    }

    /** The namespace picker's form (GET, so it works without JavaScript). */
    @GetMapping("/ns")
    String switchNamespace(@RequestParam(defaultValue = NamespaceStore.DEFAULT) String ns,
            @RequestParam(defaultValue = "functions") String section) {
        String target = section.equals("triggers") ? "triggers" : "functions";
        return "redirect:/ns/" + UriUtils.encodePathSegment(ns, StandardCharsets.UTF_8) + "/" + target;
    }
}
