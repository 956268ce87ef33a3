package dev.nubo.api.tenancy;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.method.HandlerMethod;

import dev.nubo.core.problem.ProblemCodes;
import dev.nubo.core.problem.ProblemException;
import dev.nubo.core.user.Caller;
import dev.nubo.core.user.NamespaceAccess;

/**
 * Checks every API call against the caller's rights before its controller runs ({@link AccessRules}); refusals are
 * problem details from the API's handler, like every other error.
 */
@Component
class TenantAccessInterceptor implements HandlerInterceptor {

    private final Callers callers;
    private final NamespaceAccess access;

    TenantAccessInterceptor(Callers callers, NamespaceAccess access) {
        this.callers = callers;
        this.access = access;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String pattern = (String) request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        if (!(handler instanceof HandlerMethod) || pattern == null || !pattern.startsWith("/api/")) {
            return true;
        }
        String method = request.getMethod();
        if (AccessRules.namespaced(pattern)) {
            Caller caller = callers.current();
            @SuppressWarnings("unchecked")
            Map<String, String> variables = (Map<String, String>) request
                    .getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
            access.require(caller, variables.get("namespace"), AccessRules.action(method, pattern));
            if (AccessRules.platformAdminOnly(method, pattern)) {
                access.requirePlatformAdmin(caller);
            }
            return true;
        }
        AccessRules.Rule rule = AccessRules.platform(method.equals("HEAD") ? "GET" : method, pattern)
                .orElseThrow(() -> new ProblemException(403, ProblemCodes.FORBIDDEN, "Forbidden",
                        "no access rule covers " + method + " " + pattern));
        if (rule == AccessRules.Rule.PLATFORM_ADMIN) {
            access.requirePlatformAdmin(callers.current());
        } else if (rule == AccessRules.Rule.ANY_CALLER) {
            callers.current();
        }
        return true;
    }
}
