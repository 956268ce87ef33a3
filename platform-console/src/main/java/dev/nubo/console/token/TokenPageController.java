package dev.nubo.console.token;

import java.security.Principal;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
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

import dev.nubo.console.security.ConsoleCallers;
import dev.nubo.console.web.Htmx;
import dev.nubo.core.problem.ProblemException;
import dev.nubo.core.user.ApiTokens;
import dev.nubo.core.user.Caller;
import dev.nubo.core.user.CredentialStore;
import dev.nubo.core.user.NamespaceAccess;
import dev.nubo.core.user.NamespaceRole;
import dev.nubo.core.validation.FieldError;
import dev.nubo.core.validation.ValidationException;

/**
 * The user's own API tokens ({@link ApiTokens}, the use case behind {@code /api/v1/tokens}): create one for some of
 * their namespaces with a role no higher than theirs and an expiry, see its value this once, list them with their
 * last use, revoke them. Nothing here is namespaced: every user manages only their own tokens.
 */
@Controller
@RequestMapping("/tokens")
class TokenPageController {

    private final ApiTokens tokens;
    private final ConsoleCallers callers;
    private final NamespaceAccess access;
    private final Clock clock;

    TokenPageController(ApiTokens tokens, ConsoleCallers callers, NamespaceAccess access, Clock clock) {
        this.tokens = tokens;
        this.callers = callers;
        this.access = access;
        this.clock = clock;
    }

    /** What the form posts; {@code allNamespaces} is offered to platform administrators only. */
    record TokenForm(String name, List<String> namespaces, String role, String expiresInDays, String allNamespaces) {

        static TokenForm empty() {
            return new TokenForm("", List.of(), NamespaceRole.VIEWER.id(), Integer.toString(ApiTokens.DEFAULT_DAYS),
                    null);
        }

        public boolean all() {
            return "on".equals(allNamespaces) || "true".equals(allNamespaces);
        }

        public boolean has(String namespace) {
            return namespaces != null && namespaces.contains(namespace);
        }
    }

    /** A namespace the form offers, with the user's role there (the highest a token may hold). */
    record Choice(String namespace, String role) {
    }

    private static final java.time.format.DateTimeFormatter MINUTES = java.time.format.DateTimeFormatter
            .ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(java.time.ZoneOffset.UTC);
    private static final java.time.format.DateTimeFormatter DAYS = java.time.format.DateTimeFormatter
            .ofPattern("yyyy-MM-dd").withZone(java.time.ZoneOffset.UTC);

    /** A token as the list shows it (never its value: only its hash is stored). */
    record Row(String id, String name, String namespaces, String role, String created, String expires,
            boolean expired, String lastUsed) {

        static Row of(CredentialStore.Token t, java.time.Instant now) {
            return new Row(t.id(), t.name(), t.namespaces() == null ? "all" : String.join(", ",
                    t.namespaces().stream().sorted().toList()), t.role(), MINUTES.format(t.createdAt()),
                    t.expiresAt() == null ? "never" : DAYS.format(t.expiresAt()),
                    t.expiresAt() != null && !t.expiresAt().isAfter(now),
                    t.lastUsedAt() == null ? "never" : MINUTES.format(t.lastUsedAt()));
        }
    }

    @GetMapping
    String page(Principal principal, Model model) {
        pageModel(model, callers.of(principal), TokenForm.empty(), Map.of());
        return "tokens";
    }

    @PostMapping
    String create(Principal principal, @ModelAttribute TokenForm form, Model model, HttpServletRequest request,
            HttpServletResponse response) {
        Caller caller = callers.of(principal);
        Map<String, String> errors = new LinkedHashMap<>();
        try {
            Integer days = form.expiresInDays() == null || form.expiresInDays().isBlank() ? null
                    : Integer.valueOf(form.expiresInDays().strip());
            CredentialStore.Issued issued = tokens.issue(caller, new ApiTokens.Request(form.name(),
                    form.all() && caller.actsAsPlatformAdmin() ? null
                            : new LinkedHashSet<>(form.namespaces() == null ? List.of() : form.namespaces()),
                    form.role(), days));
            // the value is shown this once, on this answer; it is stored hashed
            model.addAttribute("issued", issued);
            response.setStatus(201);
            pageModel(model, caller, TokenForm.empty(), errors);
        } catch (NumberFormatException e) {
            response.setStatus(422);
            errors.put("expiresInDays", "a whole number of days");
            pageModel(model, caller, form, errors);
        } catch (ValidationException e) {
            response.setStatus(422);
            for (FieldError error : e.errors()) {
                errors.merge(error.field(), error.message(), (a, b) -> a + "; " + b);
            }
            pageModel(model, caller, form, errors);
        } catch (ProblemException e) { // a role above the user's own (403), a namespace they cannot see (404)
            response.setStatus(e.status());
            errors.put("general", e.detail());
            pageModel(model, caller, form, errors);
        }
        return Htmx.isHtmx(request) ? "tokens :: content" : "tokens";
    }

    @PostMapping("/{id}/revoke")
    String revoke(Principal principal, @PathVariable String id, HttpServletRequest request,
            HttpServletResponse response) {
        tokens.revoke(callers.of(principal), id);
        return Htmx.redirect("/tokens", request, response);
    }

    private void pageModel(Model model, Caller caller, TokenForm form, Map<String, String> errors) {
        java.time.Instant now = clock.instant();
        model.addAttribute("tokens", tokens.list(caller).stream().map(t -> Row.of(t, now)).toList());
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("platformAdmin", caller.actsAsPlatformAdmin());
        model.addAttribute("choices", callers.visibleNamespaces(caller).stream()
                .map(ns -> new Choice(ns, access.role(caller, ns).map(NamespaceRole::id).orElse("")))
                .toList());
        model.addAttribute("roles", List.of(NamespaceRole.values()).stream().map(NamespaceRole::id).toList());
    }
}
