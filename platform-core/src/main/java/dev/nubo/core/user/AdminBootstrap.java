package dev.nubo.core.user;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;

import dev.nubo.core.config.NuboProperties;

/**
 * Makes sure the administrator exists before the first request. On the first start the password and token come from
 * {@code NUBO_ADMIN_PASSWORD}/{@code NUBO_ADMIN_TOKEN} or are generated, are written once to
 * {@code <data dir>/credentials} (mode 600), and generated values are printed once in the log. Later starts apply
 * a password or token set in the environment, and print nothing.
 */
public class AdminBootstrap implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);
    static final String CREDENTIALS_FILE = "credentials";

    private final CredentialStore credentials;
    private final AdminProperties admin;
    private final Path credentialsFile;

    public AdminBootstrap(CredentialStore credentials, AdminProperties admin, NuboProperties nubo) {
        this.credentials = credentials;
        this.admin = admin;
        this.credentialsFile = nubo.absoluteDataDir().resolve(CREDENTIALS_FILE);
    }

    @Override
    public void afterSingletonsInstantiated() {
        boolean firstStart = credentials.user(Roles.ADMIN_USER).isEmpty();
        if (!firstStart) {
            if (admin.password() != null && !admin.password().isBlank()) {
                credentials.saveUser(Roles.ADMIN_USER, admin.password(), Roles.ADMIN);
            }
            if (admin.token() != null && !admin.token().isBlank()) {
                credentials.saveToken("admin", Roles.ADMIN_USER, Roles.ADMIN, admin.token());
            }
            return;
        }
        boolean passwordGiven = admin.password() != null && !admin.password().isBlank();
        boolean tokenGiven = admin.token() != null && !admin.token().isBlank();
        String password = passwordGiven ? admin.password() : CredentialStore.newPassword();
        String token;
        try {
            token = credentials.saveToken("admin", Roles.ADMIN_USER, Roles.ADMIN, tokenGiven ? admin.token() : null);
            credentials.saveUser(Roles.ADMIN_USER, password, Roles.ADMIN);
        } catch (org.springframework.dao.DuplicateKeyException e) {
            // services sharing the store (API and console) started at once: the other one made the administrator
            log.info("the administrator was created by another service sharing the store at the same time");
            return;
        }
        writeCredentialsFile(password, token);
        log.info("created the administrator '{}'; credentials written to {} (mode 600)", Roles.ADMIN_USER, credentialsFile);
        if (!passwordGiven || !tokenGiven) {
            log.info("generated once, keep them: {}{}", passwordGiven ? "" : "admin password = " + password + "  ",
                    tokenGiven ? "" : "API token = " + token);
        }
    }

    private void writeCredentialsFile(String password, String token) {
        try {
            Files.createDirectories(credentialsFile.getParent());
            Files.deleteIfExists(credentialsFile);
            Files.createFile(credentialsFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(credentialsFile, """
                    # Nubo administrator, written once on the first start. Use:
                    #   curl -u admin:$NUBO_ADMIN_PASSWORD …   or   curl -H "Authorization: Bearer $NUBO_ADMIN_TOKEN" …
                    NUBO_ADMIN_USER=admin
                    NUBO_ADMIN_PASSWORD=%s
                    NUBO_ADMIN_TOKEN=%s
                    """.formatted(password, token), StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + credentialsFile, e);
        }
    }
}
