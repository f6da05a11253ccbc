/**
 * Failures of the hub's own rules, told without HTTP: the API's problem handler alone turns them
 * into answers, so domain code never imports HTTP types.
 */
package org.crmhub.hub.failure;
