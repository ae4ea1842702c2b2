/**
 * JMH benchmarks of token verification and login, side by side with the raw primitives and with the libraries
 * a team would otherwise pick; {@link io.github.servletauth.benchmarks.BenchmarkReport} runs them and prints
 * the ratio table. Not a library: never deployed, never in a WAR.
 */
package io.github.servletauth.benchmarks;
