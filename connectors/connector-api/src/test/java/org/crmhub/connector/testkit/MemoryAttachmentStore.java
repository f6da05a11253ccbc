package org.crmhub.connector.testkit;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.crmhub.connector.AttachmentStore;

/** Attachments in memory, refused on the same terms as the hub's store (a plain {@code at_} id, at most MAX_BYTES). */
public final class MemoryAttachmentStore implements AttachmentStore {

  private static final Pattern ID = Pattern.compile("^at_[A-Za-z0-9_-]{1,64}$");

  public record Stored(String contentType, String filename, Buffer content) {}

  private final Map<String, Stored> stored = new ConcurrentHashMap<>();

  @Override
  public Future<Void> put(String id, String contentType, String filename, Buffer content) {
    if (id == null || !ID.matcher(id).matches()) {
      return Future.failedFuture(new IllegalArgumentException("an attachment id looks like at_…"));
    }
    if (content.length() > MAX_BYTES) {
      return Future.failedFuture(new IllegalArgumentException("an attachment is kept up to " + MAX_BYTES + " bytes"));
    }
    stored.put(id, new Stored(contentType, filename, content.copy()));
    return Future.succeededFuture();
  }

  /** The attachment, or null. */
  public Stored get(String id) {
    return stored.get(id);
  }

  public int size() {
    return stored.size();
  }
}
