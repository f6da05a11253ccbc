package org.crmhub.portal.pages;

/** Who a page is for: whether they are signed in, and the token their forms must carry. */
public record Visitor(boolean signedIn, String csrfToken) {}
