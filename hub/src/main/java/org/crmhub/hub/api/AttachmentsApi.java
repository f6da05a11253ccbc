package org.crmhub.hub.api;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import org.crmhub.hub.attachment.Attachments;
import org.crmhub.hub.audit.AuditAction;
import org.crmhub.hub.audit.AuditTarget;

/**
 * Staff downloads of stored attachments ({@link AttachmentDownload}), any attachment by its id,
 * each recorded in the audit trail before its content goes out.
 */
public final class AttachmentsApi implements ApiOperations {

  private final Attachments attachments;
  private final AttachmentDownload download;
  private final AuditedAccess audit;

  public AttachmentsApi(Attachments attachments, AuditedAccess audit) {
    this.attachments = attachments;
    this.download = new AttachmentDownload(attachments);
    this.audit = audit;
  }

  public void download(RoutingContext ctx) {
    String id = ContractValidation.validated(ctx).getPathParameters().get("attachmentId").getString();
    // an attachment's record does not name its customer: the entry has the attachment alone
    attachments.find(id)
        .compose(found -> download.send(ctx, id, found, () -> audit.record(ctx, AuditAction.ATTACHMENT_DOWNLOADED,
            AuditTarget.ATTACHMENT, id, null, null)))
        .onFailure(ctx::fail);
  }

  @Override
  public Map<String, Handler<RoutingContext>> operations() {
    return Map.of(
        "getAttachment", this::download);
  }
}
