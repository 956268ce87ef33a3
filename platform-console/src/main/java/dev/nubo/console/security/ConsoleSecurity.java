package dev.nubo.console.security;

import jakarta.servlet.DispatcherType;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;

/**
 * The console's pages need a logged-in platform user (form login with the platform's users, a session cookie, CSRF
 * on every write); their role in each namespace is checked by {@link NamespaceGuard}. Only the console's own paths are matched, so the API's stateless chain keeps {@code /api/**}.
 */
@Configuration(proxyBeanMethods = false)
public class ConsoleSecurity {

    public static final String LOGIN = "/login";

    @Bean
    @Order(50)
    SecurityFilterChain consoleFilterChain(HttpSecurity http) throws Exception {
        http.securityMatcher("/", LOGIN, "/logout", "/ns", "/ns/**", "/webjars/**", "/console/**",
                "/tokens", "/tokens/**")
                .authorizeHttpRequests(requests -> requests
                        // a log stream's async dispatch must not be authorised again (spring-security#16266)
                        .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
                        .requestMatchers("/webjars/**", "/console/**").permitAll()
                        // any platform user; what they may do in a namespace is the NamespaceGuard's to decide
                        .anyRequest().authenticated())
                .formLogin(form -> form.loginPage(LOGIN).defaultSuccessUrl("/", false).permitAll())
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl(LOGIN + "?logout").permitAll())
                .exceptionHandling(errors -> errors.authenticationEntryPoint(entryPoint()));
        return http.build();
    }

    /**
     * An htmx request without a session (it expired) must not swap the login page into a fragment: it answers 401
     * with {@code HX-Redirect}, and htmx loads the login page as a whole.
     */
    static AuthenticationEntryPoint entryPoint() {
        AuthenticationEntryPoint page = new LoginUrlAuthenticationEntryPoint(LOGIN);
        return (request, response, e) -> {
            if ("true".equals(request.getHeader("HX-Request"))) {
                response.setHeader("HX-Redirect", request.getContextPath() + LOGIN);
                response.setStatus(HttpStatus.UNAUTHORIZED.value());
            } else {
                page.commence(request, response, e);
            }
        };
    }
}
