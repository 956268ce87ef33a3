package dev.nubo.api.security;


import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

import dev.nubo.api.problem.Problems;
import dev.nubo.core.problem.ProblemCodes;
import dev.nubo.api.ApiProperties;
import dev.nubo.api.admission.WriteAdmission;
import dev.nubo.api.tenancy.AuditFilter;
import dev.nubo.core.user.AuditLog;
import dev.nubo.core.user.CredentialStore;

/**
 * {@code /api/**} needs HTTP Basic (a user) or a bearer API token, on every request: no session is created, so a
 * browser's cookies never authenticate an API call (and CSRF has nothing to ride on). Failures answer problem JSON.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {


    @Bean
    @Order(10)
    SecurityFilterChain apiSecurity(HttpSecurity http, CredentialStore credentials, AuditLog audit,
            UserDetailsService users, dev.nubo.core.user.PasswordLogins logins, WriteAdmission writeAdmission)
            throws Exception {
        AuthenticationEntryPoint unauthorized = (request, response, e) -> {
            if (e instanceof BasicLogins.Locked locked) {
                response.setHeader("Retry-After", Long.toString(locked.retryAfterSeconds));
                Problems.write(response, 429, ProblemCodes.LOGIN_LOCKED, "too many failed logins for this user from"
                        + " your address: try again in " + locked.retryAfterSeconds + " s");
                return;
            }
            response.setStatus(HttpStatus.UNAUTHORIZED.value());
            response.setHeader("WWW-Authenticate", "Basic realm=\"nubo\", Bearer realm=\"nubo\"");
            Problems.write(response, 401, ProblemCodes.UNAUTHORIZED,
                    "authenticate with HTTP Basic (your user) or Authorization: Bearer <API token>");
        };
        AccessDeniedHandler forbidden = (request, response, e) ->
                Problems.write(response, 403, ProblemCodes.FORBIDDEN, "your credentials do not allow this");
        http.securityMatcher("/api/**")
                .authenticationProvider(new BasicLogins(users, logins))
                // an invitation's code and a function code's SHA-256 are their own credentials; everything else needs a
                // user or a token
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(org.springframework.http.HttpMethod.POST, "/api/v1/invitations/accept").permitAll()
                        .requestMatchers(org.springframework.http.HttpMethod.GET, "/api/v1/function-sources/**").permitAll()
                        .anyRequest().authenticated())
                .httpBasic(basic -> basic.authenticationEntryPoint(unauthorized))
                .addFilterBefore(new TokenAuthenticationFilter(credentials, unauthorized), BasicAuthenticationFilter.class)
                .addFilterAfter(new AuditFilter(audit), AuthorizationFilter.class)
                // after the rights check and inside the audit: a write refused or turned away never waits its turn
                .addFilterAfter(writeAdmission, AuditFilter.class)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .exceptionHandling(errors -> errors.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden));
        return http.build();
    }

    /** A bean for the rest of the platform to read (as {@link dev.nubo.core.admission.ApiWriteLoad}). */
    @Bean
    WriteAdmission writeAdmission(ApiProperties api) {
        return new WriteAdmission(api.concurrentWrites(), api.writeWait(), api.writeShare());
    }

    /** Only in the API's chain above: registered as a filter of its own, it would hold every path's writes. */
    @Bean
    FilterRegistrationBean<WriteAdmission> writeAdmissionOutsideTheChain(WriteAdmission writeAdmission) {
        FilterRegistrationBean<WriteAdmission> registration = new FilterRegistrationBean<>(writeAdmission);
        registration.setEnabled(false);
        return registration;
    }

    /**
     * Outside the API and the console (which has its own chain, with a login): the OpenAPI document, health and the
     * error page. Nothing there reads or changes a resource.
     */
    @Bean
    @Order(100)
    SecurityFilterChain publicSecurity(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable());
        return http.build();
    }

    /** Security answers before Spring MVC, so it writes the same problem shape itself. */
}
