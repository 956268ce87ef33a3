package dev.nubo.core.secret;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import dev.nubo.core.source.Checksums;

/**
 * AES-256-GCM with a random nonce per value: what the store keeps is {@code nonce ‖ ciphertext ‖ tag}, base64. The
 * key's id (a hash prefix) is kept beside each value, so a platform started with another key says so instead of
 * handing out garbage.
 */
public final class SecretCipher {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;
    private final String keyId;

    public SecretCipher(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("the secrets key must be 32 bytes (256 bits), base64-encoded");
        }
        this.key = new SecretKeySpec(key, "AES");
        this.keyId = Checksums.sha256(key).substring(0, 16);
    }

    public static byte[] newKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return key;
    }

    public String keyId() {
        return keyId;
    }

    public String encrypt(byte[] plain) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = cipher.doFinal(plain);
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(nonce.length + sealed.length).put(nonce)
                    .put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
    }

    /** @throws IllegalStateException when the value was not sealed with this key (or was altered) */
    public byte[] decrypt(String stored) {
        byte[] all = Base64.getDecoder().decode(stored);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, Arrays.copyOf(all, NONCE_BYTES)));
            return cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a secret cannot be decrypted with this platform's key: it was stored with"
                    + " another key, or altered");
        }
    }
}
