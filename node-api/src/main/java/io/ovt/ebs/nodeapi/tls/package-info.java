/** TLS of the node API: PEM key material, the daemon's reloading key, the operator's trust. */
package io.ovt.ebs.nodeapi.tls;
