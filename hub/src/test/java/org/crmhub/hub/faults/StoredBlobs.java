package org.crmhub.hub.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.crmhub.hub.attachment.S3ProxyServer;

/**
 * What a hub's blob store holds, looked at from outside the hub: every entry (a blob as
 * {@code ab/ab12…}, or anything else left there, such as a temporary file) and when it was last
 * written.
 */
@FunctionalInterface
interface StoredBlobs {

  Map<String, Instant> entries() throws IOException;

  /** The files store's folder. */
  static StoredBlobs files(Path root) {
    return () -> {
      Map<String, Instant> entries = new TreeMap<>();
      if (!Files.isDirectory(root)) {
        return entries;
      }
      try (Stream<Path> paths = Files.walk(root)) {
        for (Path file : paths.filter(Files::isRegularFile).toList()) {
          entries.put(root.relativize(file).toString().replace('\\', '/'),
              Files.getLastModifiedTime(file).toInstant());
        }
      }
      return entries;
    };
  }

  /** The objects under the S3 store's prefix in s3proxy. */
  static StoredBlobs s3(S3ProxyServer s3, String prefix) {
    return () -> s3.objectsUnder(prefix);
  }
}
