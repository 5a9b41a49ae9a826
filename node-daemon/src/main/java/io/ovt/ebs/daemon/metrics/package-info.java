/** The daemon's Prometheus metrics: command latency and errors by tool, and capacity. */
package io.ovt.ebs.daemon.metrics;
