package io.github.servletauth.core.internal.token;

import io.github.servletauth.core.ConfigurationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * The HS256 secret of embedded (SQLite) mode, kept in {@code <data dir>/jwt-secret} so tokens survive a restart.
 * Created once with owner-only permissions; several webapps starting together on one data directory all end
 * up with the one secret that was written first.
 */
public final class EmbeddedSecret {
    static final String FILE_NAME = "jwt-secret";
    static final int GENERATED_BYTES = 48;
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSecret.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String SECRET = "auth.jwt.secret";

    private EmbeddedSecret() {
    }

    /**
     * Loads {@code dataDir/jwt-secret}, or generates 48 random bytes there with owner-only permissions and logs
     * one warning saying where (never the secret).
     *
     * @param dataDir the data directory; created if missing
     * @return the secret, at least 32 bytes
     * @throws ConfigurationException naming {@code auth.jwt.secret} if the file is unreadable or too short, or
     *         {@code auth.data-dir} if the directory cannot be written
     */
    public static byte[] loadOrCreate(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        if (Files.exists(file)) {
            return read(file);
        }
        byte[] secret = new byte[GENERATED_BYTES];
        RANDOM.nextBytes(secret);
        try {
            Files.createDirectories(dataDir, ownerOnly(dataDir, "rwx------"));
            if (!publish(file, Base64.getEncoder().encodeToString(secret) + "\n")) {
                // another process or webapp got there first: use its secret, or tokens would not cross over
                return read(file);
            }
        } catch (IOException e) {
            throw new ConfigurationException("auth.data-dir", "cannot create " + file + " ("
                    + e.getClass().getSimpleName() + "); set auth.jwt.secret or make the directory writable");
        }
        LOG.warn("Generated a new HS256 signing secret in {}. Keep this file private: anyone who can read it can "
                + "forge access tokens. Deployments sharing a database (PostgreSQL) or running several hosts must "
                + "set auth.jwt.secret instead.", file);
        return secret;
    }

    /**
     * Writes the content to a private temporary file, then links it into place. A hard link never replaces an
     * existing file, so exactly one writer wins, and readers never see a half-written secret.
     *
     * @return false if the file already existed
     */
    private static boolean publish(Path file, String content) throws IOException {
        Path dir = file.getParent();
        Path tmp = Files.createTempFile(dir, "." + FILE_NAME + "-", ".tmp", ownerOnly(dir, "rw-------"));
        try {
            Files.writeString(tmp, content, StandardCharsets.US_ASCII);
            try {
                Files.createLink(file, tmp);
            } catch (FileAlreadyExistsException e) {
                return false;
            } catch (UnsupportedOperationException | FileSystemException e) {
                if (Files.exists(file)) {
                    return false;
                }
                // a file system without hard links: an exclusive create is the next best thing
                try (SeekableByteChannel out = Files.newByteChannel(file,
                        Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), ownerOnly(dir, "rw-------"))) {
                    out.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.US_ASCII)));
                } catch (FileAlreadyExistsException raced) {
                    return false;
                }
            }
            return true;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static byte[] read(Path file) {
        byte[] secret;
        try {
            secret = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).strip());
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigurationException(SECRET, "the generated secret file " + file + " is unreadable ("
                    + e.getClass().getSimpleName() + "); fix its permissions, or delete it to generate a new one");
        }
        if (secret.length < TokenKeys.MIN_SECRET_BYTES) {
            throw new ConfigurationException(SECRET, "the generated secret file " + file + " holds fewer than "
                    + TokenKeys.MIN_SECRET_BYTES + " bytes; delete it to generate a new one");
        }
        return secret;
    }

    /** Permissions given at creation, so the file is never readable by others even for a moment. */
    private static FileAttribute<?>[] ownerOnly(Path dir, String permissions) {
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (!posix) {
            return new FileAttribute<?>[0];
        }
        Set<PosixFilePermission> perms = PosixFilePermissions.fromString(permissions);
        return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(perms)};
    }
}
