# Chapter 6 break/fix: the new template reads a ConfigMap key that does not exist, and
# maxSurge: 0 with one replica lets the Deployment delete the only working Pod first.
cat <<EOF > hello-server-env.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: hello-server
  labels:
    app: hello-server
spec:
  replicas: 1
  selector:
    matchLabels:
      app: hello-server
  template:
    metadata:
      labels:
        app: hello-server
    spec:
      containers:
      - name: hello-server
        image: blux2/hello-server:1.4
        env:
        - name: PORT
          valueFrom:
            configMapKeyRef:
              name: hello-server-configmap
              key: PORT
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: hello-server-configmap
data:
  PORT: "8081"
EOF
kubectl apply -f hello-server-env.yaml
kubectl rollout status deployment/hello-server
cat <<EOF > hello-server-destruction.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: hello-server
  labels:
    app: hello-server
spec:
  replicas: 1
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 0
  selector:
    matchLabels:
      app: hello-server
  template:
    metadata:
      labels:
        app: hello-server
    spec:
      containers:
      - name: hello-server
        image: blux2/hello-server:1.4
        env:
        - name: PORT
          valueFrom:
            configMapKeyRef:
              name: hello-server-configmap
              key: PORT
        - name: HOST
          valueFrom:
            configMapKeyRef:
              name: hello-server-configmap
              key: HOST
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: hello-server-configmap
data:
  PORT: "8081"
EOF
kubectl apply -f hello-server-destruction.yaml
sleep 20
kubectl get deployment,replicaset,pods
kubectl describe deployment hello-server
cat <<EOF > configmap-fixed.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: hello-server-configmap
data:
  PORT: "8081"
  HOST: "localhost"
EOF
kubectl apply -f configmap-fixed.yaml
kubectl rollout status deployment/hello-server
kubectl get deployment,replicaset,pods
