package io.github.servletauth.example;

import jakarta.servlet.ServletConfig;
import jakarta.servlet.http.HttpServletRequest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The roles an application knows, from a servlet's init-param {@code roles} (comma-separated, default
 * {@code user,admin}). The servlet API can only ask whether the caller has a role, not list them, so a legacy
 * servlet that shows a user's roles asks {@link HttpServletRequest#isUserInRole(String)} for each known one.
 */
final class KnownRoles {

    private final List<String> roles;

    private KnownRoles(List<String> roles) {
        this.roles = roles;
    }

    static KnownRoles from(ServletConfig config) {
        String param = config.getInitParameter("roles");
        if (param == null) {
            return new KnownRoles(List.of("user", "admin"));
        }
        return new KnownRoles(Arrays.stream(param.split(",")).map(String::trim).filter(r -> !r.isEmpty()).toList());
    }

    /** The known roles the caller has, in the order the init-param names them. */
    List<String> of(HttpServletRequest request) {
        List<String> held = new ArrayList<>();
        for (String role : roles) {
            if (request.isUserInRole(role)) {
                held.add(role);
            }
        }
        return held;
    }
}
