/**
 * The node API: the wire model between the operator and a node daemon, and its client. The operator
 * sends a volume's desired local state; the daemon converges and answers what it observes.
 */
package io.ovt.ebs.nodeapi;
