/**
 * The test helpers of auth-servlet (as HikariCP keeps its {@code mocks}): an embedded Jetty, HTTP clients of the
 * API, the accounts webapp as a node in this JVM or in another, load generation and its statistics, forged
 * tokens, direct reads of the stored rows and the README's web.xml snippets. Test code only; public so that the
 * tests of every package can use them.
 */
package io.github.servletauth.servlet.testing;
