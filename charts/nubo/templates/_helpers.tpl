{{- define "nubo.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}{{ .Release.Name | trunc 63 | trimSuffix "-" }}{{- else -}}{{ printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" }}{{- end -}}
{{- end -}}

{{- define "nubo.labels" -}}
app.kubernetes.io/part-of: nubo
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "nubo.selector" -}}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/name: nubo-{{ .component }}
{{- end -}}

{{- define "nubo.image" -}}
{{- $tag := .root.Values.image.tag | default .root.Chart.AppVersion -}}
{{- printf "%s/%s:%s" .root.Values.image.registry .repository $tag -}}
{{- end -}}

{{/* The Deployment, ServiceAccount and Service of one service; .component names it, .values are its values. */}}
{{- define "nubo.service" -}}
{{- $root := .root -}}
{{- $name := printf "%s-%s" (include "nubo.fullname" $root) .component -}}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ $name }}
  labels:
    {{- include "nubo.labels" $root | nindent 4 }}
    app.kubernetes.io/name: nubo-{{ .component }}
automountServiceAccountToken: {{ .needsApi }}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ $name }}
  labels:
    {{- include "nubo.labels" $root | nindent 4 }}
    app.kubernetes.io/name: nubo-{{ .component }}
spec:
  replicas: {{ .values.replicas }}
  selector:
    matchLabels:
      {{- include "nubo.selector" . | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "nubo.selector" . | nindent 8 }}
        app.kubernetes.io/part-of: nubo
        app.kubernetes.io/version: {{ $root.Chart.AppVersion | quote }}
    spec:
      serviceAccountName: {{ $name }}
      automountServiceAccountToken: {{ .needsApi }}
      {{- with $root.Values.image.pullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
        runAsGroup: 10001
        fsGroup: 10001
        seccompProfile:
          type: RuntimeDefault
      containers:
        - name: {{ .component }}
          image: {{ include "nubo.image" (dict "root" $root "repository" .values.repository) }}
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          env:
            - name: NUBO_BACKEND
              value: kubernetes
            - name: SPRING_MAIN_CLOUD_PLATFORM
              value: kubernetes
            - name: MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED
              value: "true"
            - name: POD_NAMESPACE
              valueFrom:
                fieldRef:
                  fieldPath: metadata.namespace
            {{- with .env }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
          ports:
            - name: http
              containerPort: {{ .values.port }}
              protocol: TCP
            {{- with .extraPorts }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
          resources:
            {{- toYaml .values.resources | nindent 12 }}
          startupProbe:
            httpGet:
              path: /actuator/health/liveness
              port: http
            periodSeconds: 2
            failureThreshold: 60
          livenessProbe:
            httpGet:
              path: /actuator/health/liveness
              port: http
            periodSeconds: 10
            failureThreshold: 3
          readinessProbe:
            httpGet:
              path: /actuator/health/readiness
              port: http
            periodSeconds: 5
            failureThreshold: 3
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities:
              drop: ["ALL"]
          volumeMounts:
            - name: tmp
              mountPath: /tmp
      volumes:
        - name: tmp
          emptyDir: {}
---
apiVersion: v1
kind: Service
metadata:
  name: {{ $name }}
  labels:
    {{- include "nubo.labels" $root | nindent 4 }}
    app.kubernetes.io/name: nubo-{{ .component }}
spec:
  type: ClusterIP
  selector:
    {{- include "nubo.selector" . | nindent 4 }}
  ports:
    - name: http
      port: {{ .values.port }}
      targetPort: http
    {{- range .extraPorts }}
    - name: {{ .name }}
      port: {{ .containerPort }}
      targetPort: {{ .name }}
    {{- end }}
{{- end -}}

{{- define "nubo.postgresEnv" -}}
- name: NUBO_STORE_URL
  value: {{ .Values.postgresql.url | quote }}
- name: NUBO_STORE_USERNAME
  value: {{ .Values.postgresql.username | quote }}
- name: NUBO_STORE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ .Values.postgresql.existingSecret }}
      key: {{ .Values.postgresql.passwordKey }}
{{- end -}}

{{- /* The services' shared internal token (controller's internal endpoints, the gateway's /_nubo/concurrency). */}}
{{- define "nubo.internalTokenEnv" -}}
{{- if .Values.internalToken.existingSecret -}}
- name: NUBO_DISTRIBUTED_INTERNAL_TOKEN
  valueFrom:
    secretKeyRef:
      name: {{ .Values.internalToken.existingSecret }}
      key: {{ .Values.internalToken.key }}
{{- else -}}
[]
{{- end -}}
{{- end -}}

{{- /* Where Nubo's "default" namespace is: every service's store maps it the same way. */}}
{{- define "nubo.defaultNamespaceEnv" -}}
- name: NUBO_KUBERNETES_DEFAULTNAMESPACE
  value: {{ .Values.functions.defaultNamespace | quote }}
{{- end -}}

{{- /* What the API, console and triggers services read of the cluster: namespaces routed, runtimes offered. */}}
{{- define "nubo.clusterViewEnv" -}}
{{- include "nubo.defaultNamespaceEnv" . }}
{{- with .Values.functions.namespaces }}
- name: NUBO_KUBERNETES_NAMESPACES
  value: {{ join "," . | quote }}
{{- end }}
{{- range $i, $runtime := .Values.runtimes }}
{{- range $key := list "id" "language" "version" "depsFile" "fileExtension" }}
{{- with index $runtime $key }}
- name: NUBO_KUBERNETES_RUNTIMES_{{ $i }}_{{ upper $key }}
  value: {{ . | toString | quote }}
{{- end }}
{{- end }}
{{- end }}
{{- end -}}
