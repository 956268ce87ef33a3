package dev.nubo.core.validation;

import java.util.regex.Pattern;

/** Kubernetes name rules shared by every kind. */
public final class Names {

    /** RFC 1123 label, as Kubernetes namespaces and most names. */
    public static final Pattern DNS_1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    public static final int DNS_1123_LABEL_MAX = 63;

    private static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?");
    private static final Pattern LABEL_KEY_NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
    private static final Pattern DNS_1123_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    private Names() {
    }

    public static boolean isDns1123Label(String value) {
        return value != null && value.length() <= DNS_1123_LABEL_MAX && DNS_1123_LABEL.matcher(value).matches();
    }

    /** {@code [prefix/]name}, name ≤ 63 characters, prefix a DNS subdomain ≤ 253. */
    public static boolean isLabelKey(String key) {
        if (key == null || key.isEmpty()) {
            return false;
        }
        int slash = key.indexOf('/');
        String name = slash < 0 ? key : key.substring(slash + 1);
        if (slash >= 0) {
            String prefix = key.substring(0, slash);
            if (prefix.length() > 253 || !DNS_1123_SUBDOMAIN.matcher(prefix).matches()) {
                return false;
            }
        }
        return name.length() <= 63 && LABEL_KEY_NAME.matcher(name).matches();
    }

    public static boolean isLabelValue(String value) {
        return value != null && value.length() <= 63 && LABEL_VALUE.matcher(value).matches();
    }
}
