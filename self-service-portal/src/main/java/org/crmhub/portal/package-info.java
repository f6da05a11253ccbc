/** The customer self-service portal: sign-in, requests and cross-channel history (to come). */
package org.crmhub.portal;
