package io.flyteservices.validation;

import io.flyteservices.error.Errors;

import java.util.regex.Pattern;

/**
 * Name rules the protos cannot express (BEHAVIOR, Conventions): a run name is a DNS-1035 label of at most
 * 30 characters, so it can name Kubernetes objects and storage paths.
 */
public final class Names {

    public static final int MAX_RUN_NAME = 30;
    private static final Pattern DNS_1035_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");

    private Names() {
    }

    /** Throws InvalidArgument naming {@code field} unless {@code name} is a valid run name. */
    public static void requireRunName(String field, String name) {
        if (name.length() > MAX_RUN_NAME) {
            throw Errors.invalidField(field, "must be at most " + MAX_RUN_NAME + " characters, got "
                    + name.length());
        }
        if (!DNS_1035_LABEL.matcher(name).matches()) {
            throw Errors.invalidField(field, "must be lowercase letters, digits and '-', start with a letter"
                    + " and end with a letter or digit, got '" + name + "'");
        }
    }
}
