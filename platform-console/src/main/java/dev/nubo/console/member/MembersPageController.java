package dev.nubo.console.member;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.nubo.console.web.Htmx;
import dev.nubo.core.problem.ProblemCodes;
import dev.nubo.core.problem.ProblemException;
import dev.nubo.core.user.AuditLog;
import dev.nubo.core.user.CredentialStore;
import dev.nubo.core.user.Members;
import dev.nubo.core.user.NamespaceRole;

/**
 * A namespace's members and its audit log, for the namespace's admins (the guard asks for {@code admin} on every
 * {@code /members} path): add a platform user with a role, change it, remove them; the latest writes with who, when
 * and from where. The same rules as the API's {@code /members}: the user must exist, the role must be one of three.
 */
@Controller
@RequestMapping("/ns/{ns}/members")
class MembersPageController {

    static final int AUDIT_SHOWN = 100;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final Members members;
    private final CredentialStore credentials;
    private final AuditLog audit;

    MembersPageController(Members members, CredentialStore credentials, AuditLog audit) {
        this.members = members;
        this.credentials = credentials;
        this.audit = audit;
    }

    /** An audit entry as the page shows it. */
    record Entry(String at, String actor, String method, String path, int status, String source) {
    }

    @GetMapping
    String page(@PathVariable String ns, Model model) {
        pageModel(model, ns, "", NamespaceRole.DEVELOPER.id(), Map.of());
        return "members";
    }

    @PostMapping
    String put(@PathVariable String ns, @RequestParam(defaultValue = "") String user,
            @RequestParam(defaultValue = "") String role, Model model, HttpServletRequest request,
            HttpServletResponse response) {
        NamespaceRole parsed = NamespaceRole.parse(role).orElse(null);
        String name = user.strip();
        String error = parsed == null ? "the role must be one of viewer, developer, admin"
                : name.isEmpty() ? "name a platform user"
                : credentials.user(name).isEmpty() ? "user " + name + " does not exist" : null;
        if (error != null) {
            response.setStatus(parsed == null || name.isEmpty() ? 422 : 404);
            pageModel(model, ns, name, role, Map.of("general", error));
            return Htmx.isHtmx(request) ? "members :: content" : "members";
        }
        members.put(ns, name, parsed);
        return Htmx.redirect("/ns/" + ns + "/members", request, response);
    }

    @PostMapping("/{user}/remove")
    String remove(@PathVariable String ns, @PathVariable String user, HttpServletRequest request,
            HttpServletResponse response) {
        if (!members.remove(ns, user)) {
            throw ProblemException.notFound(ProblemCodes.USER_NOT_FOUND, user + " is not a member of " + ns);
        }
        return Htmx.redirect("/ns/" + ns + "/members", request, response);
    }

    private void pageModel(Model model, String ns, String user, String role, Map<String, String> errors) {
        model.addAttribute("members", members.of(ns));
        model.addAttribute("newUser", user);
        model.addAttribute("newRole", role);
        model.addAttribute("errors", errors);
        model.addAttribute("roles", List.of(NamespaceRole.values()).stream().map(NamespaceRole::id).toList());
        model.addAttribute("entries", audit.of(ns, AUDIT_SHOWN).stream().map(e -> new Entry(TIME.format(e.at()),
                e.actor(), e.method(), e.path(), e.status(), e.source())).toList());
    }
}
