package org.crmhub.hub.customer;

/** @param created true when this contact created the customer */
public record ResolvedCustomer(String id, String name, boolean created) {}
