/**
 * Test fixtures shared by the tests of auth-core and auth-servlet: a fresh PostgreSQL schema per test, a TCP
 * proxy that can cut a database connection, and a JDBC driver that counts round trips. Compiled into each
 * module's test classes (build-helper-maven-plugin adds this directory as a test source root), never
 * published: a test-jar would have to resolve even when tests are skipped.
 */
package io.github.servletauth.testing;
