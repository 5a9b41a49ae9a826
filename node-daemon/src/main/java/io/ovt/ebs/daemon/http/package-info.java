/**
 * The node API over HTTP. The JDK's built-in server is enough for a handful of JSON routes and
 * keeps the daemon's footprint small on storage hosts.
 */
package io.ovt.ebs.daemon.http;
