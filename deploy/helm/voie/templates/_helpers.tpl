{{/* The chart's name, overridable. */}}
{{- define "voie.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The release's full name: the release's name alone when it already says voie. */}}
{{- define "voie.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* Labels of every object; (list $ "component"). */}}
{{- define "voie.labels" -}}
{{- $ := index . 0 -}}
helm.sh/chart: {{ printf "%s-%s" $.Chart.Name $.Chart.Version | replace "+" "_" }}
app.kubernetes.io/managed-by: {{ $.Release.Service }}
app.kubernetes.io/version: {{ $.Chart.AppVersion | quote }}
app.kubernetes.io/part-of: voie
{{ include "voie.selectorLabels" . }}
{{- end }}

{{/* The labels a component's Service, PDB and ServiceMonitor select its pods by; (list $ "component"). */}}
{{- define "voie.selectorLabels" -}}
{{- $ := index . 0 -}}
app.kubernetes.io/name: {{ include "voie.name" $ }}
app.kubernetes.io/instance: {{ $.Release.Name }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end }}

{{- define "voie.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "voie.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "voie.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/*
The Secret voie's secrets are read from: existingSecret, else the one named after the release (the user's, or the
chart's own when secrets.values is given). Both at once is ambiguous, so refused.
*/}}
{{- define "voie.secretName" -}}
{{- if and .Values.secrets.existingSecret .Values.secrets.values }}
{{- fail "secrets.existingSecret and secrets.values are exclusive: name your Secret, or (for trying only) give values" }}
{{- end }}
{{- default (include "voie.fullname" .) .Values.secrets.existingSecret }}
{{- end }}

{{/*
Secret environment variables, each read from its own key of the Secret (never the whole Secret into a pod); a key
that a component cannot start without is not optional, so a missing one stops the pod at once with its name.
(list $ (list "REQUIRED_KEY" …) (list "OPTIONAL_KEY" …))
*/}}
{{- define "voie.secretEnv" -}}
{{- $ := index . 0 -}}
{{- $name := include "voie.secretName" $ }}
{{- range (index . 1) }}
- name: {{ . }}
  valueFrom:
    secretKeyRef: { name: {{ $name }}, key: {{ . }} }
{{- end }}
{{- range (index . 2) }}
- name: {{ . }}
  valueFrom:
    secretKeyRef: { name: {{ $name }}, key: {{ . }}, optional: true }
{{- end }}
{{- end }}

{{/* The Temporal connection's environment, shared by the api, the worker and the setup Job. */}}
{{- define "voie.temporalEnv" -}}
- name: TEMPORAL_ADDRESS
  value: {{ required "temporal.address is required (host:port of the Temporal frontend)" .Values.temporal.address | quote }}
- name: TEMPORAL_NAMESPACE
  value: {{ .Values.temporal.namespace | quote }}
{{- if .Values.temporal.tlsSecret }}
- name: TEMPORAL_TLS_CERT
  value: /etc/voie/temporal-tls/tls.crt
- name: TEMPORAL_TLS_KEY
  value: /etc/voie/temporal-tls/tls.key
{{- end }}
{{- end }}

{{/* The traces' environment of the api and the worker: none while tracing.endpoint is empty (tracing off). */}}
{{- define "voie.tracingEnv" -}}
{{- with .Values.tracing }}
{{- if .endpoint }}
- name: OTEL_EXPORTER_OTLP_ENDPOINT
  value: {{ .endpoint | quote }}
- name: OTEL_EXPORTER_OTLP_PROTOCOL
  value: {{ .protocol | quote }}
- name: OTEL_TRACES_SAMPLER
  value: {{ .sampler | quote }}
- name: OTEL_TRACES_SAMPLER_ARG
  value: {{ .samplerRatio | toString | quote }}
{{- if .resourceAttributes }}
- name: OTEL_RESOURCE_ATTRIBUTES
  value: {{ .resourceAttributes | quote }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}

{{/* Volumes of every voie pod: a writable /tmp (the root file system is read-only) and the Temporal client cert. */}}
{{- define "voie.volumes" -}}
- name: tmp
  emptyDir: { sizeLimit: 64Mi }
{{- if .Values.temporal.tlsSecret }}
- name: temporal-tls
  secret:
    secretName: {{ .Values.temporal.tlsSecret }}
    defaultMode: 0440
{{- end }}
{{- end }}

{{- define "voie.volumeMounts" -}}
- name: tmp
  mountPath: /tmp
{{- if .Values.temporal.tlsSecret }}
- name: temporal-tls
  mountPath: /etc/voie/temporal-tls
  readOnly: true
{{- end }}
{{- end }}

{{/* What every voie pod's spec shares: service account, security, pull secrets. */}}
{{- define "voie.podSpecCommon" -}}
serviceAccountName: {{ include "voie.serviceAccountName" . }}
automountServiceAccountToken: {{ .Values.serviceAccount.automountServiceAccountToken }}
securityContext:
  {{- toYaml .Values.podSecurityContext | nindent 2 }}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}
