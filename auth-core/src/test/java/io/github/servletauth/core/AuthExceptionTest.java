package io.github.servletauth.core;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The shape of the exception hierarchy: an abstract root, one concrete subclass per failure. */
class AuthExceptionTest {

    @Test
    void rootWhenInspectedThenAbstractWithProtectedConstructorsOnly() {
        assertThat(Modifier.isAbstract(AuthException.class.getModifiers())).isTrue();
        assertThat(AuthException.class.getDeclaredConstructors()).isNotEmpty()
                .allSatisfy(c -> assertThat(Modifier.isProtected(c.getModifiers())).as(c.toString()).isTrue());
    }

    @Test
    void storeFailureWhenBuiltThenGenericMessageAndCauseKept() {
        SQLException cause = new SQLException("syntax error at or near \"SELEC\"", "42601");

        StoreFailureException e = new StoreFailureException(cause);

        assertThat(e).isInstanceOf(AuthException.class).hasCause(cause).hasMessage("Account database error");
    }

    @Test
    void configurationExceptionWhenOneKeyThenKeyProblemsAndMessageAsBefore() throws Exception {
        ConfigurationException e = new ConfigurationException("auth.jwt.secret", "is required");

        assertThat(e.key()).isEqualTo("auth.jwt.secret");
        assertThat(e.problems()).containsExactly(Map.entry("auth.jwt.secret", "is required"));
        assertThat(e).hasMessage("auth.jwt.secret: is required");
        Constructor<?> several = ConfigurationException.class.getDeclaredConstructor(Map.class);
        assertThat(Modifier.isPublic(several.getModifiers())).as("the collecting constructor stays internal")
                .isFalse();
        assertThat(List.of(ConfigurationException.class, StoreFailureException.class,
                StoreUnavailableException.class)).allSatisfy(c -> assertThat(Modifier.isAbstract(c.getModifiers()))
                .isFalse());
    }
}
