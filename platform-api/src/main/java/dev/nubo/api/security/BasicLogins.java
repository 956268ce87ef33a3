package dev.nubo.api.security;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

import dev.nubo.core.user.PasswordLogins;

/**
 * HTTP Basic for scripts through core's {@link PasswordLogins} (the gateway checks passwords the same way): no bcrypt
 * hash per request, and a user who fails from one address too often is locked out there with a doubling delay (429).
 */
class BasicLogins implements AuthenticationProvider {

    /**
     * Too many failures: answered 429 with Retry-After by the entry point. An account status exception, so the
     * provider manager does not ask another provider to check the password anyway.
     */
    static class Locked extends LockedException {
        final long retryAfterSeconds;

        Locked(long retryAfterSeconds) {
            super("too many failed logins");
            this.retryAfterSeconds = retryAfterSeconds;
        }
    }

    private final UserDetailsService users;
    private final PasswordLogins logins;

    BasicLogins(UserDetailsService users, PasswordLogins logins) {
        this.users = users;
        this.logins = logins;
    }

    @Override
    public Authentication authenticate(Authentication login) {
        String user = login.getName();
        String password = String.valueOf(login.getCredentials());
        String source = login.getDetails() instanceof WebAuthenticationDetails web ? web.getRemoteAddress() : "?";
        return switch (logins.check(user, password, source)) {
            case PasswordLogins.Locked locked -> throw new Locked(locked.retryAfterSeconds());
            case PasswordLogins.Refused refused -> throw new BadCredentialsException("Bad credentials");
            case PasswordLogins.Accepted accepted -> {
                UserDetails details = users.loadUserByUsername(accepted.user().name());
                yield UsernamePasswordAuthenticationToken.authenticated(details, null, details.getAuthorities());
            }
        };
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
