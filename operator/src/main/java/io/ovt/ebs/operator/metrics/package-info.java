/** The operator's metrics: event and failover counts, and gauges read from the informer caches. */
package io.ovt.ebs.operator.metrics;
