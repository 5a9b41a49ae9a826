/** Importing the original driver's cinder.conf [EBS] sections as custom resources. */
package io.ovt.ebs.cindersync.conf;
