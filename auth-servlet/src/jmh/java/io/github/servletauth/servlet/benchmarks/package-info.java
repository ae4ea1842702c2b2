/**
 * A JMH benchmark of what {@code JwtFilter} adds to a request, against the load script's fixed-user baseline;
 * {@link io.github.servletauth.servlet.benchmarks.FilterReport} runs it. Test sources of auth-servlet
 * (src/jmh/java): never in its jar; how to run them is in example-webapp/BENCHMARKS.md.
 */
package io.github.servletauth.servlet.benchmarks;
