package dev.nubo.triggers.http;

/** What a trigger's authenticator decided about a call's credentials without a slow hash. */
public enum CredentialCheck {
    ALLOWED,
    DENIED,
    /** A basic credential not yet remembered: a bcrypt check decides, off the event loop. */
    CHECK_SLOWLY,
    /** auth tenantToken: the gateway's check of platform tokens decides (store read off the event loop, then cached). */
    TENANT_TOKEN
}
