/**
 * JMH benchmarks of token verification and login, side by side with the raw primitives and with the libraries
 * a team would otherwise pick; {@link io.github.servletauth.core.benchmarks.BenchmarkReport} runs them and
 * prints the ratio table. Test sources of auth-core (src/jmh/java): never in its jar; how to run them is in
 * example-webapp/BENCHMARKS.md.
 */
package io.github.servletauth.core.benchmarks;
