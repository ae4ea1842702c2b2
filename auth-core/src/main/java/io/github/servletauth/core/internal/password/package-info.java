/**
 * Not API: implementation of auth-core; may change in any release.
 *
 * <p>Usernames (NFKC display form and case-folded uniqueness key), the rules new passwords must pass, and
 * password hashing with spring-security-crypto ({@code {id}hash}, upgraded on login). The bundled
 * {@code common-passwords.txt} is the zxcvbn 4.4.2 list (MIT, see {@code common-passwords.LICENSE.txt}).
 */
package io.github.servletauth.core.internal.password;
