package io.github.servletauth.core.internal.token;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.Signature;
import java.security.SignatureException;
import java.security.SignatureSpi;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands for a JDK build without the April 2022 fixes, for as long as it is installed (first in the provider
 * list): its ECDSA accepts a signature whose r and s are both multiples of the curve order, as
 * CVE-2022-21449 did (the "psychic signature" {@code r = s = 0}), and defers everything else to the real
 * provider. Every signature verification it is asked for, of ECDSA or RSA, is counted, so a test can show
 * that a signature was refused before any JDK cryptography saw it. A real vulnerable JDK cannot be had in a
 * test run, hence this stand-in; it delegates key handling and signing, so nothing else changes.
 */
final class UnpatchedJdk implements AutoCloseable {
    private static final String NAME = "UnpatchedJdkForTests";
    /** The JCA names jose4j (DER ECDSA, RSA) and {@link DirectVerifier} (P1363 ECDSA, RSA) ask for. */
    private static final List<String> ALGORITHMS = List.of("SHA256withECDSA", "SHA256withECDSAinP1363Format",
            "SHA256withRSA");
    private static final BigInteger P256_ORDER =
            new BigInteger("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551", 16);

    private final AtomicInteger verifications = new AtomicInteger();

    private UnpatchedJdk() {
    }

    /** @return the installed stand-in; close it to remove it */
    static UnpatchedJdk install() {
        UnpatchedJdk jdk = new UnpatchedJdk();
        if (Security.insertProviderAt(new StandIn(jdk.verifications), 1) != 1) {
            throw new IllegalStateException(NAME + " is installed already");
        }
        return jdk;
    }

    /** @return how many signatures reached a JDK verification since installation */
    int verifications() {
        return verifications.get();
    }

    @Override
    public void close() {
        Security.removeProvider(NAME);
    }

    private static final class StandIn extends Provider {
        StandIn(AtomicInteger verifications) {
            super(NAME, "1.0", "a JDK without the April 2022 ECDSA fixes, for tests");
            for (String algorithm : ALGORITHMS) {
                Provider real = Security.getProviders("Signature." + algorithm)[0];
                putService(new Service(this, "Signature", algorithm, Spi.class.getName(), null, Map.of()) {
                    @Override
                    public Object newInstance(Object constructorParameter) {
                        return new Spi(algorithm, real, verifications);
                    }
                });
            }
        }
    }

    private static final class Spi extends SignatureSpi {
        private final String algorithm;
        private final Provider real;
        private final AtomicInteger verifications;
        private Signature delegate;

        Spi(String algorithm, Provider real, AtomicInteger verifications) {
            this.algorithm = algorithm;
            this.real = real;
            this.verifications = verifications;
        }

        @Override
        protected void engineInitVerify(PublicKey publicKey) throws InvalidKeyException {
            delegate = realSignature();
            delegate.initVerify(publicKey);
        }

        @Override
        protected void engineInitSign(PrivateKey privateKey) throws InvalidKeyException {
            delegate = realSignature();
            delegate.initSign(privateKey);
        }

        @Override
        protected void engineUpdate(byte b) throws SignatureException {
            delegate.update(b);
        }

        @Override
        protected void engineUpdate(byte[] b, int off, int len) throws SignatureException {
            delegate.update(b, off, len);
        }

        @Override
        protected byte[] engineSign() throws SignatureException {
            return delegate.sign();
        }

        @Override
        protected boolean engineVerify(byte[] signature) throws SignatureException {
            verifications.incrementAndGet();
            BigInteger[] rs = algorithm.contains("ECDSA") ? ecdsaValues(signature) : null;
            if (rs != null && rs[0].mod(P256_ORDER).signum() == 0 && rs[1].mod(P256_ORDER).signum() == 0) {
                // the unpatched arithmetic: u1 = u2 = 0 gives the point at infinity, whose x "equals" r mod n
                return true;
            }
            return delegate.verify(signature);
        }

        @Override
        @Deprecated
        protected void engineSetParameter(String param, Object value) {
            throw new UnsupportedOperationException(param);
        }

        @Override
        @Deprecated
        protected Object engineGetParameter(String param) {
            throw new UnsupportedOperationException(param);
        }

        private Signature realSignature() throws InvalidKeyException {
            try {
                return Signature.getInstance(algorithm, real);
            } catch (GeneralSecurityException e) {
                throw new InvalidKeyException(e);
            }
        }

        /** @return r and s of a P1363 (R||S) or DER signature, or null if it is neither */
        private BigInteger[] ecdsaValues(byte[] sig) {
            if (algorithm.endsWith("P1363Format")) {
                int half = sig.length / 2;
                return new BigInteger[] {new BigInteger(1, Arrays.copyOfRange(sig, 0, half)),
                        new BigInteger(1, Arrays.copyOfRange(sig, half, sig.length))};
            }
            // SEQUENCE { INTEGER r, INTEGER s }, short lengths only (P-256 values fit in 33 bytes)
            if (sig.length < 2 || sig[0] != 0x30 || sig[1] != sig.length - 2) {
                return null;
            }
            BigInteger[] values = new BigInteger[2];
            int at = 2;
            for (int i = 0; i < 2; i++) {
                if (at + 2 > sig.length || sig[at] != 0x02 || at + 2 + sig[at + 1] > sig.length) {
                    return null;
                }
                int len = sig[at + 1];
                values[i] = len == 0 ? BigInteger.ZERO : new BigInteger(1, Arrays.copyOfRange(sig, at + 2, at + 2 + len));
                at += 2 + len;
            }
            return values;
        }
    }
}
