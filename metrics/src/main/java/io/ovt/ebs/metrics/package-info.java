/** The Prometheus scrape endpoint every EBS process serves its Micrometer registry on. */
package io.ovt.ebs.metrics;
