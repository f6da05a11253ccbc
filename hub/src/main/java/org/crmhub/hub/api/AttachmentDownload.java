package org.crmhub.hub.api;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.crmhub.hub.attachment.AttachmentMetadata;
import org.crmhub.hub.attachment.AttachmentNames;
import org.crmhub.hub.attachment.Attachments;
import org.crmhub.hub.attachment.OpenBlob;
import org.crmhub.hub.attachment.ByteRange;
import org.crmhub.hub.attachment.RangeRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a stored attachment, streamed from the blob store, whole or one byte range of it
 * ({@code Range}, {@code If-Range}; the digest is the ETag, as a blob never changes). Whatever the
 * content claims to be, it is always served as a download: {@code Content-Disposition: attachment},
 * no sniffing, and a sandboxing CSP in case a browser renders it anyway; the file name's extension
 * follows the content type. Whoever may see the attachment is for the caller to decide first.
 */
public final class AttachmentDownload {

  private static final Logger LOG = LoggerFactory.getLogger(AttachmentDownload.class);
  private static final Pattern SAFE_TYPE = Pattern.compile("^[a-z0-9!#$&^_.+-]{1,64}/[a-z0-9!#$&^_.+-]{1,128}$");

  private final Attachments attachments;

  public AttachmentDownload(Attachments attachments) {
    this.attachments = attachments;
  }

  /** @param found the attachment's record; null answers 404 */
  public Future<Void> send(RoutingContext ctx, String id, AttachmentMetadata found) {
    return send(ctx, id, found, Future::succeededFuture);
  }

  /**
   * @param found the attachment's record; null answers 404
   * @param alongside work that must succeed before any content is sent (recording who downloads
   *     it), started once the attachment is known to exist and run while its content is opened
   */
  public Future<Void> send(RoutingContext ctx, String id, AttachmentMetadata found,
      Supplier<Future<Void>> alongside) {
    if (found == null) {
      return Future.failedFuture(ApiProblem.notFound("attachment " + id));
    }
    HttpServerResponse response = ctx.response();
    String etag = "\"" + found.sha256() + "\"";
    String ifRange = ctx.request().getHeader("If-Range");
    RangeRequest asked = RangeRequest.of(ctx.request().getHeader("Range"), found.size(),
        ifRange == null || ifRange.trim().equals(etag));
    if (asked instanceof RangeRequest.Unsatisfiable) {
      response.putHeader("Content-Range", "bytes */" + found.size());
      return Future.failedFuture(ApiProblem.of(416, "Range not satisfiable",
          "the attachment has " + found.size() + " bytes"));
    }
    ByteRange range = asked instanceof RangeRequest.Part part ? part.range() : null;
    Future<OpenBlob> opened = attachments.open(found, range);
    Future<Void> recorded = alongside.get();
    return Future.join(opened, recorded)
        .recover(failure -> opened.succeeded() && opened.result() != null
            ? opened.result().discard().transform(released -> Future.failedFuture(failure))
            : Future.failedFuture(failure))
        .compose(both -> stream(response, id, found, range, etag, opened.result()));
  }

  private static Future<Void> stream(HttpServerResponse response, String id, AttachmentMetadata found,
      ByteRange range, String etag, OpenBlob blob) {
    if (blob == null) {
      LOG.error("attachment {} names blob {} in the {} store, which is not there", id, found.sha256(), found.store());
      return Future.failedFuture(ApiProblem.notFound("the content of attachment " + id));
    }
    String type = found.contentType() != null && SAFE_TYPE.matcher(found.contentType()).matches()
        ? found.contentType() : "application/octet-stream";
    response
        .putHeader("Content-Type", type)
        .putHeader("Content-Disposition", disposition(AttachmentNames.forType(found.filename(), type)))
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Content-Security-Policy", "sandbox; default-src 'none'")
        .putHeader("Cache-Control", "private, no-store")
        .putHeader("Accept-Ranges", "bytes")
        .putHeader("ETag", etag);
    if (range == null) {
      response.setStatusCode(200).putHeader("Content-Length", Long.toString(found.size()));
    } else {
      response.setStatusCode(206)
          .putHeader("Content-Range", "bytes " + range.start() + "-" + range.end() + "/" + found.size())
          .putHeader("Content-Length", Long.toString(range.length()));
    }
    return blob.pipeTo(response);
  }

  /** An ASCII fallback name and the real one in RFC 5987 form. */
  private static String disposition(String filename) {
    String name = filename == null || filename.isBlank() ? "attachment" : filename;
    String ascii = name.replaceAll("[^A-Za-z0-9._ -]", "_");
    return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''"
        + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
