package dev.nubo.core.secret;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Where the secrets key comes from: the setting, else the data directory's key file, made on the first start. */
public final class SecretKeys {

    private static final Logger log = LoggerFactory.getLogger(SecretKeys.class);
    static final String KEY_FILE = "secrets.key";

    private SecretKeys() {
    }

    public static SecretCipher cipher(SecretsProperties properties, Path dataDir) {
        if (properties.key() != null && !properties.key().isBlank()) {
            return new SecretCipher(decode(properties.key().strip(), "nubo.secrets.key"));
        }
        Path file = dataDir.resolve(KEY_FILE);
        try {
            if (Files.exists(file)) {
                return new SecretCipher(decode(Files.readString(file).strip(), file.toString()));
            }
            byte[] key = SecretCipher.newKey();
            Files.createDirectories(dataDir);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, Base64.getEncoder().encodeToString(key) + "\n");
            log.info("made the key secrets are encrypted with: {} (mode 600). Keep it with backups of the data;"
                    + " set NUBO_SECRETS_KEY to keep it elsewhere", file);
            return new SecretCipher(key);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the secrets key " + file, e);
        }
    }

    private static byte[] decode(String base64, String where) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + " is not base64 of a 32-byte key");
        }
    }
}
