/**
 * The one way the daemon runs external tools: argument lists (never a shell), a timeout on every
 * command, stdout and stderr captured, and failures as typed errors carrying the command.
 */
package io.ovt.ebs.daemon.command;
