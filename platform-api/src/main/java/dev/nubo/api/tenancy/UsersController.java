package dev.nubo.api.tenancy;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.nubo.core.problem.ProblemCodes;
import dev.nubo.core.problem.ProblemException;
import dev.nubo.core.user.CredentialStore;
import dev.nubo.core.user.Members;
import dev.nubo.core.user.Roles;
import dev.nubo.core.validation.FieldError;
import dev.nubo.core.validation.ValidationException;

/** {@code /api/v1/users}: platform administrators create and remove users; roles come from namespace membership. */
@RestController
class UsersController {

    private final CredentialStore credentials;
    private final Members members;

    UsersController(CredentialStore credentials, Members members) {
        this.credentials = credentials;
        this.members = members;
    }

    record NewUser(String name, String password, Boolean platformAdmin) {
    }

    record UserView(String name, String role, List<Map<String, String>> namespaces) {
    }

    @GetMapping(path = "/api/v1/users", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> list() {
        return Map.of("kind", "UserList", "items", credentials.users().stream().map(u -> new UserView(u.name(),
                u.role(), members.memberships(u.name()).stream().map(m -> Map.of("namespace", m.namespace(),
                        "role", m.role().id())).toList())).toList());
    }

    @PostMapping(path = "/api/v1/users", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<UserView> create(@RequestBody NewUser user) {
        List<FieldError> errors = CredentialStore.newUserErrors(user == null ? null : user.name(),
                user == null ? null : user.password());
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        String role = Boolean.TRUE.equals(user.platformAdmin()) ? Roles.ADMIN : Roles.USER;
        if (!credentials.createUser(user.name(), user.password(), role)) {
            throw ProblemException.conflict(ProblemCodes.USER_EXISTS, "user " + user.name() + " already exists");
        }
        return ResponseEntity.created(URI.create("/api/v1/users/" + user.name()))
                .body(new UserView(user.name(), role, List.of()));
    }

    @DeleteMapping(path = "/api/v1/users/{name}", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> delete(@PathVariable String name) {
        if (Roles.ADMIN_USER.equals(name)) {
            throw ProblemException.conflict(ProblemCodes.FORBIDDEN, "the first administrator cannot be deleted");
        }
        if (!credentials.deleteUser(name)) {
            throw ProblemException.notFound(ProblemCodes.USER_NOT_FOUND, "user " + name + " does not exist");
        }
        members.forgetUser(name);
        return Map.of("kind", "Status", "status", "Success");
    }
}
