package dev.nubo.api.tenancy;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerMapping;

import dev.nubo.core.user.AuditLog;

/**
 * Writes every authenticated write call of the API to the audit log once it has been answered — refused ones
 * included — with the caller, the namespace, the path (never the body: it may hold secrets) and the status.
 */
public class AuditFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(AuditFilter.class);

    private final AuditLog audit;

    public AuditFilter(AuditLog audit) {
        this.audit = audit;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/") || AccessRules.isRead(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } finally {
            Authentication caller = SecurityContextHolder.getContext().getAuthentication();
            if (caller != null && caller.isAuthenticated()) {
                try {
                    audit.record(caller.getName(), namespace(request), request.getMethod(), request.getRequestURI(),
                            response.getStatus(), request.getRemoteAddr());
                } catch (RuntimeException e) {
                    log.warn("cannot write the audit log: {}", e.toString());
                }
            }
        }
    }

    private static String namespace(HttpServletRequest request) {
        @SuppressWarnings("unchecked")
        Map<String, String> variables = (Map<String, String>) request
                .getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        if (variables == null) {
            return null;
        }
        String pattern = (String) request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        return variables.getOrDefault("namespace",
                "/api/v1/namespaces/{name}".equals(pattern) ? variables.get("name") : null);
    }
}
