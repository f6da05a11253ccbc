package org.crmhub.hub.redis;

/** A sorted-set member with its score. */
public record Scored(String member, double score) {}
