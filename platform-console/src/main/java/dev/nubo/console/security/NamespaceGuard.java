package dev.nubo.console.security;

import java.util.Map;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import dev.nubo.core.problem.ProblemException;
import dev.nubo.core.user.AuditLog;
import dev.nubo.core.user.Caller;
import dev.nubo.core.user.NamespaceAccess;
import dev.nubo.core.user.NamespaceRole;

/**
 * Every console request inside a namespace ({@code /ns/{ns}/…}) is checked against the caller's role there before
 * its controller runs, with the same {@link NamespaceAccess} rule as the API: reads need {@code viewer}; writes (any
 * POST) and the pages that only exist to write (…/new) need {@code developer}; members and the audit log
 * ({@code /members}) need {@code admin}; a namespace the caller has no role in
 * answers 404 as if it did not exist. The effective role is left on the request for the pages, which hide the write
 * buttons a viewer cannot use. Writes are recorded in the audit log with their outcome, as the API's are.
 */
@Configuration(proxyBeanMethods = false)
public class NamespaceGuard implements WebMvcConfigurer {

    /** Request attribute: the caller's {@link NamespaceRole} in the namespace of the page. */
    public static final String ROLE = NamespaceGuard.class.getName() + ".role";
    private static final String AUDITED = NamespaceGuard.class.getName() + ".caller";

    private static final Logger log = LoggerFactory.getLogger(NamespaceGuard.class);

    private final ConsoleCallers callers;
    private final NamespaceAccess access;
    private final AuditLog audit;

    NamespaceGuard(ConsoleCallers callers, NamespaceAccess access, AuditLog audit) {
        this.callers = callers;
        this.access = access;
        this.audit = audit;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new Interceptor()).addPathPatterns("/ns/*", "/ns/*/**");
    }

    /** What a console request needs: its method decides, except the forms that can only be used to write. */
    static NamespaceRole.Action action(String method, String pattern) {
        if (pattern.startsWith("/ns/{ns}/members")) {
            return NamespaceRole.Action.MANAGE; // members and the audit log: the namespace's admins only
        }
        boolean read = method.equals("GET") || method.equals("HEAD");
        if (!read) {
            // checks and previews change nothing, but only a writer has anything to check
            return NamespaceRole.Action.WRITE;
        }
        return pattern.endsWith("/new") ? NamespaceRole.Action.WRITE : NamespaceRole.Action.READ;
    }

    /** Inline validation answers without storing anything: not a write worth auditing. */
    private static boolean audited(String method, String pattern) {
        return !(method.equals("GET") || method.equals("HEAD")) && !pattern.endsWith("/validate");
    }

    private final class Interceptor implements HandlerInterceptor {

        @Override
        public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
            // a log stream's async dispatch continues a request that was checked when it began
            if (request.getDispatcherType() != DispatcherType.REQUEST || !(handler instanceof HandlerMethod)) {
                return true;
            }
            String pattern = (String) request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
            @SuppressWarnings("unchecked")
            Map<String, String> variables = (Map<String, String>) request
                    .getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
            String namespace = variables == null ? null : variables.get("ns");
            if (pattern == null || namespace == null) {
                return true;
            }
            Caller caller = callers.of(request.getUserPrincipal());
            try {
                access.require(caller, namespace, action(request.getMethod(), pattern));
            } catch (ProblemException refused) {
                if (audited(request.getMethod(), pattern)) { // refused writes are recorded too
                    record(caller, namespace, request, refused.status());
                }
                throw refused;
            }
            if (audited(request.getMethod(), pattern)) {
                request.setAttribute(AUDITED, caller);
            }
            request.setAttribute(ROLE, access.role(caller, namespace).orElseThrow());
            return true;
        }

        @Override
        public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
                Exception ex) {
            if (request.getAttribute(AUDITED) instanceof Caller caller) {
                @SuppressWarnings("unchecked")
                Map<String, String> variables = (Map<String, String>) request
                        .getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
                record(caller, variables.get("ns"), request,
                        ex != null && response.getStatus() < 400 ? 500 : response.getStatus());
            }
        }

        private void record(Caller caller, String namespace, HttpServletRequest request, int status) {
            try {
                audit.record(caller.name(), namespace, request.getMethod(), request.getRequestURI(), status,
                        request.getRemoteAddr());
            } catch (RuntimeException e) {
                log.warn("cannot write the audit log: {}", e.toString());
            }
        }
    }
}
