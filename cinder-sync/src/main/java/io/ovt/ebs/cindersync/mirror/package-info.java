/** What cinder-sync decides to do with the custom resources, from Cinder's records: pure. */
package io.ovt.ebs.cindersync.mirror;
