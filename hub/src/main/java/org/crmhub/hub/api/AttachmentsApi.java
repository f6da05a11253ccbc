package org.crmhub.hub.api;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import org.crmhub.hub.attachment.Attachments;

/** Staff downloads of stored attachments ({@link AttachmentDownload}), any attachment by its id. */
public final class AttachmentsApi implements ApiOperations {

  private final Attachments attachments;
  private final AttachmentDownload download;

  public AttachmentsApi(Attachments attachments) {
    this.attachments = attachments;
    this.download = new AttachmentDownload(attachments);
  }

  public void download(RoutingContext ctx) {
    String id = ContractValidation.validated(ctx).getPathParameters().get("attachmentId").getString();
    attachments.find(id)
        .compose(found -> download.send(ctx, id, found))
        .onFailure(ctx::fail);
  }

  @Override
  public Map<String, Handler<RoutingContext>> operations() {
    return Map.of(
        "getAttachment", this::download);
  }
}
