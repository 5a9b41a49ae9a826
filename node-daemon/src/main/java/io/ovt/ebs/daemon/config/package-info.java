/** The daemon's configuration file and command line. */
package io.ovt.ebs.daemon.config;
