/** cinder-sync's side of the Kubernetes API: reading the mirrored resources, applying actions. */
package io.ovt.ebs.cindersync.kube;
