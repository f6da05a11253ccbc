package org.crmhub.hub;

public final class Main {
  public static void main(String[] args) {}
}
