/**
 * The whole system on one machine: an embedded Kubernetes API, the operator and two node daemons on
 * simulated hosts, with a walkthrough that applies {@code examples/} and prints the state.
 */
package io.ovt.ebs.standalone;
