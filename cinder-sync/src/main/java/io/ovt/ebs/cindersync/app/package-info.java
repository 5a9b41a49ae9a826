/** cinder-sync as a process: command line, rounds under leader election, metrics. */
package io.ovt.ebs.cindersync.app;
