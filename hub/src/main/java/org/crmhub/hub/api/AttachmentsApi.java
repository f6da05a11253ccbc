package org.crmhub.hub.api;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;
import org.crmhub.hub.attachment.AttachmentNames;
import org.crmhub.hub.attachment.RedisAttachmentStore;

/**
 * Downloads of stored attachments. Whatever the content claims to be, it is always served as a
 * download: {@code Content-Disposition: attachment}, no sniffing, and a sandboxing CSP in case a
 * browser renders it anyway; the file name's extension follows the content type.
 */
public final class AttachmentsApi implements ApiOperations {

  private static final Pattern SAFE_TYPE = Pattern.compile("^[a-z0-9!#$&^_.+-]{1,64}/[a-z0-9!#$&^_.+-]{1,128}$");

  private final RedisAttachmentStore attachments;

  public AttachmentsApi(RedisAttachmentStore attachments) {
    this.attachments = attachments;
  }

  public void download(RoutingContext ctx) {
    String id = ContractValidation.validated(ctx).getPathParameters().get("attachmentId").getString();
    attachments.get(id)
        .onSuccess(stored -> {
          if (stored == null) {
            ctx.fail(ApiProblem.notFound("attachment " + id));
            return;
          }
          String type = stored.contentType() != null && SAFE_TYPE.matcher(stored.contentType()).matches()
              ? stored.contentType() : "application/octet-stream";
          ctx.response()
              .putHeader("Content-Type", type)
              .putHeader("Content-Disposition", disposition(AttachmentNames.forType(stored.filename(), type)))
              .putHeader("X-Content-Type-Options", "nosniff")
              .putHeader("Content-Security-Policy", "sandbox; default-src 'none'")
              .putHeader("Cache-Control", "private, no-store")
              .end(stored.content());
        })
        .onFailure(ctx::fail);
  }

  /** An ASCII fallback name and the real one in RFC 5987 form. */
  private static String disposition(String filename) {
    String name = filename == null || filename.isBlank() ? "attachment" : filename;
    String ascii = name.replaceAll("[^A-Za-z0-9._ -]", "_");
    return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''"
        + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Override
  public Map<String, Handler<RoutingContext>> operations() {
    return Map.of(
        "getAttachment", this::download);
  }
}
