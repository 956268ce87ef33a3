package dev.nubo.api.tenancy;

import java.net.URI;
import java.time.Instant;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.nubo.core.store.NamespaceStore;
import dev.nubo.core.user.AuditLog;
import dev.nubo.core.user.Invitations;

/**
 * Invitations: a namespace admin invites someone with a role ({@code /api/v1/namespaces/{namespace}/invitations});
 * whoever holds the code creates their own user with it, without credentials ({@code POST /api/v1/invitations/accept}).
 */
@RestController
class InvitationsController {

    private final Invitations invitations;
    private final Callers callers;
    private final NamespaceStore namespaces;
    private final AuditLog audit;

    InvitationsController(Invitations invitations, Callers callers, NamespaceStore namespaces, AuditLog audit) {
        this.invitations = invitations;
        this.callers = callers;
        this.namespaces = namespaces;
        this.audit = audit;
    }

    record NewInvitation(String role, Integer expiresInDays) {
    }

    record Acceptance(String code, String name, String password) {
    }

    record InvitationView(String id, String namespace, String role, String invitedBy, Instant createdAt,
            Instant expiresAt, String code) {

        static InvitationView of(Invitations.Invitation invitation, String code) {
            return new InvitationView(invitation.id(), invitation.namespace(), invitation.role().id(),
                    invitation.invitedBy(), invitation.createdAt(), invitation.expiresAt(), code);
        }
    }

    record Joined(String name, String namespace, String role) {
    }

    @GetMapping(path = "/api/v1/namespaces/{namespace}/invitations", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> list(@PathVariable String namespace) {
        return Map.of("kind", "InvitationList", "items",
                invitations.pending(namespace).stream().map(i -> InvitationView.of(i, null)).toList());
    }

    @PostMapping(path = "/api/v1/namespaces/{namespace}/invitations", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    InvitationView invite(@PathVariable String namespace, @RequestBody NewInvitation request) {
        var issued = invitations.invite(callers.current(), namespace, request == null ? null : request.role(),
                request == null ? null : request.expiresInDays());
        return InvitationView.of(issued.invitation(), issued.code());
    }

    @DeleteMapping(path = "/api/v1/namespaces/{namespace}/invitations/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> revoke(@PathVariable String namespace, @PathVariable String id) {
        invitations.revoke(namespace, id);
        return Map.of("kind", "Status", "status", "Success");
    }

    /** Needs no credentials: the code is the credential. Audited here, since the audit filter sees no caller. */
    @PostMapping(path = "/api/v1/invitations/accept", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Joined> accept(@RequestBody Acceptance acceptance, HttpServletRequest request) {
        var invitation = invitations.accept(acceptance == null ? null : acceptance.code(),
                acceptance == null ? null : acceptance.name(), acceptance == null ? null : acceptance.password(),
                namespaces::exists);
        audit.record(acceptance.name(), invitation.namespace(), "POST", request.getRequestURI(), 201,
                request.getRemoteAddr());
        return ResponseEntity.created(URI.create("/api/v1/users/" + acceptance.name()))
                .body(new Joined(acceptance.name(), invitation.namespace(), invitation.role().id()));
    }
}
