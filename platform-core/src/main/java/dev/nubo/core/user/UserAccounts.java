package dev.nubo.core.user;

import java.util.List;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

import dev.nubo.core.config.NuboProperties;

/**
 * The platform's users and API tokens, for the services people log in to (API, console): the credential store, the
 * first administrator, and the user lookup Spring Security checks passwords against. Imported by both; Spring
 * registers it once when both are in one application.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AdminProperties.class)
public class UserAccounts {

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    CredentialStore credentialStore(JdbcTemplate jdbc, PasswordEncoder passwords, java.time.Clock clock) {
        return new CredentialStore(jdbc, passwords, clock);
    }

    @Bean
    Members members(JdbcTemplate jdbc, java.time.Clock clock) {
        return new Members(jdbc, clock);
    }

    @Bean
    NamespaceAccess namespaceAccess(Members members) {
        return new NamespaceAccess(members);
    }

    @Bean
    PasswordLogins passwordLogins(CredentialStore credentials, PasswordEncoder passwords, java.time.Clock clock) {
        return new PasswordLogins(credentials, passwords, clock);
    }

    @Bean
    InvokeCredentials invokeCredentials(CredentialStore credentials, Members members, NamespaceAccess access,
            PasswordLogins logins) {
        return new InvokeCredentials(credentials, members, access, logins);
    }

    @Bean
    ApiTokens apiTokens(CredentialStore credentials, NamespaceAccess access, java.time.Clock clock) {
        return new ApiTokens(credentials, access, clock);
    }

    @Bean
    Invitations invitations(JdbcTemplate jdbc, CredentialStore credentials, Members members, NamespaceAccess access,
            java.time.Clock clock) {
        return new Invitations(jdbc, credentials, members, access, clock);
    }

    @Bean
    AuditLog auditLog(JdbcTemplate jdbc, java.time.Clock clock) {
        return new AuditLog(jdbc, clock);
    }

    @Bean
    AdminBootstrap adminBootstrap(CredentialStore credentials, AdminProperties admin, NuboProperties nubo) {
        return new AdminBootstrap(credentials, admin, nubo);
    }

    /** A user's role becomes authority {@code ROLE_<ROLE>}. */
    @Bean
    UserDetailsService users(CredentialStore credentials) {
        return name -> credentials.user(name)
                .map(u -> User.withUsername(u.name()).password(u.passwordHash())
                        .authorities(List.of(new SimpleGrantedAuthority("ROLE_" + u.role().toUpperCase()))).build())
                .orElseThrow(() -> new UsernameNotFoundException("no such user"));
    }
}
