package io.github.servletauth.core.internal.token;

import io.github.servletauth.core.ConfigurationException;
import io.github.servletauth.core.JwtAlgorithm;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the RS256/ES256/EdDSA keys of {@code auth.jwt.key-file}: a JWK Set, or a PEM file with a PKCS#8
 * {@code PRIVATE KEY} block and its {@code PUBLIC KEY} block. Every key must fit the algorithm. Error messages
 * name the file and the key's position or {@code kid}, never key material.
 */
final class KeyFile {
    static final String KEY_FILE = "auth.jwt.key-file";
    /** Far more than any real key file; refuses pointing the setting at a huge file by mistake. */
    private static final long MAX_BYTES = 1 << 20;
    private static final Pattern PEM_BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");

    /** A key of the file; {@code privateKey} is null for keys that only verify. */
    record FileKey(String kid, PublicKey publicKey, PrivateKey privateKey) {
    }

    private KeyFile() {
    }

    static List<FileKey> read(Path file, JwtAlgorithm algorithm) {
        String text;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw problem(file + " is larger than " + MAX_BYTES + " bytes; it is not a key file");
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigurationException(KEY_FILE, "cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
        }
        return parse(text, algorithm, file.toString());
    }

    /** @param source how to name the text in messages (the file path) */
    static List<FileKey> parse(String text, JwtAlgorithm algorithm, String source) {
        String t = text.strip();
        List<FileKey> keys;
        if (t.startsWith("{")) {
            keys = parseJwks(t, algorithm, source);
        } else if (t.contains("-----BEGIN ")) {
            keys = parsePem(t, algorithm, source);
        } else {
            throw problem(source + " is neither a JWK Set (JSON) nor a PEM file");
        }
        if (keys.isEmpty()) {
            throw problem(source + " holds no keys");
        }
        Set<String> kids = new HashSet<>();
        for (FileKey k : keys) {
            if (!kids.add(k.kid())) {
                throw problem(source + " holds two keys with kid '" + k.kid() + "'");
            }
        }
        return keys;
    }

    private static List<FileKey> parseJwks(String json, JwtAlgorithm algorithm, String source) {
        Map<String, Object> set;
        try {
            set = JsonUtil.parseJson(json);
        } catch (JoseException | RuntimeException e) {
            throw problem(source + " is not valid JSON");
        }
        if (!(set.get("keys") instanceof List<?> entries)) {
            throw problem(source + " has no \"keys\" array; a JWK Set {\"keys\":[...]} is expected");
        }
        List<FileKey> keys = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            if (!(entries.get(i) instanceof Map<?, ?> entry)) {
                throw problem(source + ": key #" + (i + 1) + " is not a JSON object");
            }
            keys.add(jwk(entry, "key #" + (i + 1) + describeKid(entry.get("kid")) + " of " + source, algorithm));
        }
        return keys;
    }

    @SuppressWarnings("unchecked")
    private static FileKey jwk(Map<?, ?> entry, String name, JwtAlgorithm algorithm) {
        JsonWebKey jwk;
        try {
            jwk = JsonWebKey.Factory.newJwk((Map<String, Object>) entry);
        } catch (JoseException | RuntimeException e) {
            throw problem(name + " is not a valid JWK");
        }
        if (!(jwk instanceof PublicJsonWebKey pub)) {
            throw problem(name + " is a symmetric key; " + algorithm.jwsName() + " needs a public key");
        }
        String why = KeyChecks.problem(pub.getPublicKey(), algorithm);
        if (why != null) {
            throw problem(name + " " + why);
        }
        if (jwk.getAlgorithm() != null && !jwk.getAlgorithm().equals(algorithm.jwsName())) {
            throw problem(name + " is marked \"alg\":\"" + jwk.getAlgorithm() + "\" but auth.jwt.algorithm is "
                    + algorithm.jwsName());
        }
        if (jwk.getUse() != null && !jwk.getUse().equals("sig")) {
            throw problem(name + " is marked \"use\":\"" + jwk.getUse() + "\"; signing keys need \"use\":\"sig\"");
        }
        String kid = jwk.getKeyId() != null && !jwk.getKeyId().isBlank() ? jwk.getKeyId() : thumbprint(pub.getPublicKey());
        return new FileKey(kid, pub.getPublicKey(), pub.getPrivateKey());
    }

    private static List<FileKey> parsePem(String pem, JwtAlgorithm algorithm, String source) {
        List<PublicKey> publics = new ArrayList<>();
        List<PrivateKey> privates = new ArrayList<>();
        Matcher m = PEM_BLOCK.matcher(pem);
        KeyFactory factory = keyFactory(algorithm);
        while (m.find()) {
            String type = m.group(1);
            try {
                byte[] der = Base64.getMimeDecoder().decode(m.group(2));
                switch (type) {
                    case "PUBLIC KEY" -> publics.add(factory.generatePublic(new X509EncodedKeySpec(der)));
                    case "PRIVATE KEY" -> privates.add(factory.generatePrivate(new PKCS8EncodedKeySpec(der)));
                    case "RSA PRIVATE KEY", "EC PRIVATE KEY" -> throw problem(source + " holds a '" + type
                            + "' block; convert it to PKCS#8 with: openssl pkcs8 -topk8 -nocrypt -in old.pem");
                    default -> throw problem(source + " holds a '" + type + "' block; only 'PRIVATE KEY' (PKCS#8, "
                            + "unencrypted) and 'PUBLIC KEY' blocks are supported");
                }
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                throw problem(source + ": the '" + type + "' block is not " + expectedKind(algorithm));
            }
        }
        if (publics.isEmpty() && privates.isEmpty()) {
            throw problem(source + " holds no complete PEM block");
        }
        if (privates.size() > 1) {
            throw problem(source + " holds more than one PRIVATE KEY; use a JWK Set with a kid per key instead");
        }
        if (!privates.isEmpty() && publics.isEmpty()) {
            throw problem(source + " holds a PRIVATE KEY but no PUBLIC KEY block; append it with: "
                    + "openssl pkey -in private.pem -pubout");
        }
        PrivateKey privateKey = privates.isEmpty() ? null : privates.get(0);
        List<FileKey> keys = new ArrayList<>();
        boolean privateMatched = false;
        for (PublicKey pub : publics) {
            String why = KeyChecks.problem(pub, algorithm);
            if (why != null) {
                throw problem(source + ": the PUBLIC KEY " + why);
            }
            boolean pairs = privateKey != null && !privateMatched && KeyChecks.matches(privateKey, pub, algorithm);
            privateMatched |= pairs;
            keys.add(new FileKey(thumbprint(pub), pub, pairs ? privateKey : null));
        }
        if (privateKey != null && !privateMatched) {
            throw problem(source + ": the PRIVATE KEY does not belong to any PUBLIC KEY of the file");
        }
        return keys;
    }

    /** RFC 7638 thumbprint: a stable kid derived from the public key alone. */
    static String thumbprint(PublicKey key) {
        try {
            return PublicJsonWebKey.Factory.newPublicJwk(key).calculateBase64urlEncodedThumbprint("SHA-256");
        } catch (JoseException e) {
            throw new IllegalStateException("cannot compute a JWK thumbprint for a checked key", e);
        }
    }

    private static KeyFactory keyFactory(JwtAlgorithm algorithm) {
        String name = switch (algorithm) {
            case RS256 -> "RSA";
            case ES256 -> "EC";
            case EDDSA -> "Ed25519";
            case HS256 -> throw problem("is for RS256, ES256 and EdDSA; auth.jwt.algorithm is HS256");
            // verification-only algorithms never read a key file (AuthConfig refuses them without an issuer URI)
            default -> throw problem("is for RS256, ES256 and EdDSA; auth.jwt.algorithm is " + algorithm.jwsName());
        };
        try {
            return KeyFactory.getInstance(name);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(name + " keys are supported by every Java 17 runtime", e);
        }
    }

    private static String expectedKind(JwtAlgorithm algorithm) {
        return switch (algorithm) {
            case RS256 -> "an RSA key";
            case ES256 -> "an EC key";
            case EDDSA -> "an Ed25519 key";
            default -> "a key";
        };
    }

    private static String describeKid(Object kid) {
        return kid instanceof String s ? " (kid '" + s + "')" : "";
    }

    private static ConfigurationException problem(String message) {
        return new ConfigurationException(KEY_FILE, message);
    }
}
