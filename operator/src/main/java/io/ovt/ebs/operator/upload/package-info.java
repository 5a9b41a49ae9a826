/** Uploads of volumes to image stores: the ImageUpload reconciler and its decisions. */
package io.ovt.ebs.operator.upload;
