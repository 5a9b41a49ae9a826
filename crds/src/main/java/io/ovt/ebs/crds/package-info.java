/** The EBS API: custom resource kinds of group {@code ebs.ovt.io}, version {@code v1alpha1}. */
package io.ovt.ebs.crds;
