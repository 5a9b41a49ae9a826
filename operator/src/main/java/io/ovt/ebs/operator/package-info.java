/**
 * The EBS operator: JOSDK reconcilers for storage nodes, replication pairs, failover policies and
 * volumes. Reconcilers are thin (observe, decide, act, report); decisions are pure functions in
 * {@code placement}, {@code allocation} and {@code volume}.
 */
package io.ovt.ebs.operator;
