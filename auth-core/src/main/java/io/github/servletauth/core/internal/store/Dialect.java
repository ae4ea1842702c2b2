package io.github.servletauth.core.internal.store;

/** The SQL differences between the supported databases; everything else is shared SQL. */
enum Dialect {
    POSTGRESQL("postgresql", "org.postgresql.Driver", "org.postgresql:postgresql", " FOR UPDATE",
            "SELECT to_regclass('auth_schema_version') IS NOT NULL"),
    SQLITE("sqlite", "org.sqlite.JDBC", "org.xerial:sqlite-jdbc", "",
            "SELECT COUNT(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'auth_schema_version'");

    private final String resourceDirectory;
    private final String driverClassName;
    private final String driverDependency;
    private final String lockRow;
    private final String versionTableExists;

    Dialect(String resourceDirectory, String driverClassName, String driverDependency, String lockRow,
            String versionTableExists) {
        this.resourceDirectory = resourceDirectory;
        this.driverClassName = driverClassName;
        this.driverDependency = driverDependency;
        this.lockRow = lockRow;
        this.versionTableExists = versionTableExists;
    }

    static Dialect of(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        if (jdbcUrl.startsWith("jdbc:sqlite:")) {
            return SQLITE;
        }
        throw new IllegalArgumentException("unsupported JDBC URL scheme");
    }

    /**
     * @param productName {@link java.sql.DatabaseMetaData#getDatabaseProductName()} of a connection
     * @return its dialect, or empty if it is neither PostgreSQL nor SQLite
     */
    static java.util.Optional<Dialect> ofProductName(String productName) {
        return switch (String.valueOf(productName)) {
            case "PostgreSQL" -> java.util.Optional.of(POSTGRESQL);
            case "SQLite" -> java.util.Optional.of(SQLITE);
            default -> java.util.Optional.empty();
        };
    }

    /** @return the JDBC driver class */
    String driverClassName() {
        return driverClassName;
    }

    /** @return the Maven coordinates ({@code groupId:artifactId}) of the driver */
    String driverDependency() {
        return driverDependency;
    }

    /** @return the class-path folder of this dialect's migration scripts */
    String schemaLocation() {
        return "io/github/servletauth/core/schema/" + resourceDirectory + "/";
    }

    /**
     * Appended to a {@code SELECT} of one row that a transaction is about to base a write on. SQLite needs
     * nothing: write transactions start with {@code BEGIN IMMEDIATE}, so they already run one at a time.
     */
    String lockRow() {
        return lockRow;
    }

    /** @return a query answering one boolean: does {@code auth_schema_version} exist (without creating it) */
    String versionTableExists() {
        return versionTableExists;
    }
}
