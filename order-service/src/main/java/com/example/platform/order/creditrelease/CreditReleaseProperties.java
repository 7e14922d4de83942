package com.example.platform.order.creditrelease;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the relay that delivers compensating credit releases.
 *
 * @param pollInterval how often the relay looks for due releases when nothing woke it up (a new release wakes it at
 * once)
 * @param batchSize releases claimed per pass
 * @param initialBackoff wait after the first failed attempt of a release; doubled after each further failure
 * @param maxBackoff the longest wait between two attempts of a release
 * @param failureBackoff pause after a pass that failed on the database
 */
@ConfigurationProperties("platform.order.credit-release")
record CreditReleaseProperties(@DefaultValue("1s") Duration pollInterval, @DefaultValue("20") int batchSize,
		@DefaultValue("1s") Duration initialBackoff, @DefaultValue("1m") Duration maxBackoff,
		@DefaultValue("1s") Duration failureBackoff) {
}
