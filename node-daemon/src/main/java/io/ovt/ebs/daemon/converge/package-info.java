/**
 * Convergence: observe the host in a constant number of reads, plan the actions that take one
 * volume to its desired state (a pure function), run them, and observe again until nothing is left
 * to do.
 */
package io.ovt.ebs.daemon.converge;
