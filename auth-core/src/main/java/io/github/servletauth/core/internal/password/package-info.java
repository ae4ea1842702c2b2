/**
 * Not API: implementation of auth-core; may change in any release.
 *
 * <p>Usernames (NFKC display form, case-folded uniqueness key and its UTS #39 skeleton), the rules new
 * passwords must pass, and password hashing with spring-security-crypto ({@code {id}hash}, upgraded on login).
 * The bundled {@code common-passwords.txt} is the zxcvbn 4.4.2 list (MIT, see
 * {@code common-passwords.LICENSE.txt}); {@code confusables.txt} is generated from Unicode's confusables data
 * by {@code ConfusablesTableGenerator} in the tests (Unicode License v3, see {@code confusables.LICENSE.txt}).
 */
package io.github.servletauth.core.internal.password;
