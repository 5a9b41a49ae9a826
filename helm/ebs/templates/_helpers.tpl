{{/* The release's name prefix for every object. */}}
{{- define "ebs.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Labels on every object. */}}
{{- define "ebs.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* Selector labels of one component. */}}
{{- define "ebs.selector" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* The Secret holding the node API token. */}}
{{- define "ebs.tokenSecret" -}}
{{- .Values.nodeApi.token.existingSecret | default (printf "%s-node-token" (include "ebs.fullname" .)) -}}
{{- end -}}

{{/* A component's image reference. */}}
{{- define "ebs.image" -}}
{{- printf "%s%s" .root.Values.imageRegistry .image -}}
{{- end -}}

{{/* The Secret holding the node API's TLS certificate, key and CA. */}}
{{- define "ebs.tlsSecret" -}}
{{- .Values.nodeApi.tls.existingSecret | default (printf "%s-node-tls" (include "ebs.fullname" .)) -}}
{{- end -}}

{{/* The namespace of the Volumes cinder-sync mirrors. */}}
{{- define "ebs.cinderSyncNamespace" -}}
{{- .Values.cinderSync.namespace | default .Release.Namespace -}}
{{- end -}}

{{/* The Secret holding cinder-sync's Keystone password. */}}
{{- define "ebs.keystoneSecret" -}}
{{- .Values.cinderSync.keystone.existingSecret | default (printf "%s-cinder-sync-keystone" (include "ebs.fullname" .)) -}}
{{- end -}}
