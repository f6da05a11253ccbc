package org.crmhub.hub.sentiment;

/**
 * VADER scores for one text, rounded as vaderSentiment reports them.
 *
 * @param compound normalised, weighted sum of all valences in [-1, 1], rounded to 4 decimals
 * @param positive proportion of the text that is positive, rounded to 3 decimals
 * @param neutral  proportion of the text that is neutral, rounded to 3 decimals
 * @param negative proportion of the text that is negative, rounded to 3 decimals
 * @param label    class of {@code compound} under the ±0.05 threshold
 */
public record SentimentScore(double compound, double positive, double neutral, double negative, SentimentLabel label) {
}
