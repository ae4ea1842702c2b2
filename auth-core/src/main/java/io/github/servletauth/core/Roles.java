package io.github.servletauth.core;

import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/** The rule for role names, shared by the configuration's default roles and {@link AuthService#setRoles}. */
final class Roles {
    private static final Pattern ROLE = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

    private Roles() {
    }

    /**
     * @return an immutable copy of {@code roles}
     * @throws InvalidInputException (field {@code roles}) if a role is null or breaks the rule
     */
    static Set<String> check(Set<String> roles) {
        Objects.requireNonNull(roles, "roles");
        for (String r : roles) {
            if (r == null || !ROLE.matcher(r).matches()) {
                throw new InvalidInputException("roles", "each role must be 1-64 characters of A-Z a-z 0-9 _ . : -");
            }
        }
        return Set.copyOf(roles);
    }
}
