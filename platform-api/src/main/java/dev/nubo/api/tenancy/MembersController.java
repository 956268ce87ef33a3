package dev.nubo.api.tenancy;

import java.util.List;
import java.util.Map;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.nubo.core.problem.ProblemCodes;
import dev.nubo.core.problem.ProblemException;
import dev.nubo.core.user.AuditLog;
import dev.nubo.core.user.CredentialStore;
import dev.nubo.core.user.Members;
import dev.nubo.core.user.NamespaceRole;
import dev.nubo.core.validation.FieldError;
import dev.nubo.core.validation.ValidationException;

/** A namespace's members and audit log, for its admins: {@code /api/v1/namespaces/{namespace}/members|audit}. */
@RestController
@RequestMapping(path = "/api/v1/namespaces/{namespace}", produces = MediaType.APPLICATION_JSON_VALUE)
class MembersController {

    private final Members members;
    private final CredentialStore credentials;
    private final AuditLog audit;

    MembersController(Members members, CredentialStore credentials, AuditLog audit) {
        this.members = members;
        this.credentials = credentials;
        this.audit = audit;
    }

    record MemberView(String user, String role) {
    }

    record RoleRequest(String role) {
    }

    @GetMapping("/members")
    Map<String, Object> list(@PathVariable String namespace) {
        return Map.of("kind", "MemberList", "items",
                members.of(namespace).stream().map(m -> new MemberView(m.user(), m.role().id())).toList());
    }

    @PutMapping(path = "/members/{user}", consumes = MediaType.APPLICATION_JSON_VALUE)
    MemberView put(@PathVariable String namespace, @PathVariable String user, @RequestBody RoleRequest request) {
        NamespaceRole role = NamespaceRole.parse(request == null ? null : request.role())
                .orElseThrow(() -> new ValidationException(List.of(new FieldError("role", "ROLE_INVALID",
                        "must be one of viewer, developer, admin"))));
        if (credentials.user(user).isEmpty()) {
            throw ProblemException.notFound(ProblemCodes.USER_NOT_FOUND, "user " + user + " does not exist");
        }
        members.put(namespace, user, role);
        return new MemberView(user, role.id());
    }

    @DeleteMapping("/members/{user}")
    Map<String, Object> remove(@PathVariable String namespace, @PathVariable String user) {
        if (!members.remove(namespace, user)) {
            throw ProblemException.notFound(ProblemCodes.USER_NOT_FOUND, user + " is not a member of " + namespace);
        }
        return Map.of("kind", "Status", "status", "Success");
    }

    @GetMapping("/audit")
    Map<String, Object> audit(@PathVariable String namespace) {
        return Map.of("kind", "AuditLog", "items", audit.of(namespace, 500));
    }
}
