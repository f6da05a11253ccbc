package org.crmhub.hub.attachment;

import java.time.Instant;
import java.util.List;

/**
 * Some of the blobs a store holds.
 *
 * @param next where the following page starts, for {@link BlobStore#list}; null after the last page
 */
public record BlobPage(List<Stored> blobs, String next) {

  /** @param lastWritten when the blob was last written (or, in the files store, found again by a put) */
  public record Stored(String digest, Instant lastWritten) {}
}
