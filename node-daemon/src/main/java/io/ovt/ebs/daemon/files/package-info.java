/** Files of the daemon's own state, written so that a crash leaves them whole. */
package io.ovt.ebs.daemon.files;
