package io.durableentities.orchestration.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/** Name-based (version 5, SHA-1) UUIDs, as RFC 4122 defines them. */
public final class Uuids {

  /** The namespace the Durable Task SDKs use for deterministic orchestration ids. */
  public static final UUID ORCHESTRATION_NAMESPACE =
      UUID.fromString("9e952958-5e33-4daf-827f-2fa12937b875");

  private Uuids() {}

  /**
   * Returns the version 5 UUID of a name in a namespace.
   *
   * @param namespace the namespace
   * @param name the name, hashed as UTF-8
   * @return the UUID
   */
  public static UUID v5(UUID namespace, String name) {
    MessageDigest sha1;
    try {
      sha1 = MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is required by every Java platform", e);
    }
    sha1.update(
        ByteBuffer.allocate(16)
            .putLong(namespace.getMostSignificantBits())
            .putLong(namespace.getLeastSignificantBits())
            .array());
    byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
    hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
    hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
    ByteBuffer bytes = ByteBuffer.wrap(hash, 0, 16);
    return new UUID(bytes.getLong(), bytes.getLong());
  }
}
