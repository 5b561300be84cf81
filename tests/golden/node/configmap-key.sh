# Book §4 #5: env refers to a missing ConfigMap key (HOST): CreateContainerConfigError; adding the key starts the pod.
kubectl apply -f - <<YAML
apiVersion: v1
kind: ConfigMap
metadata:
  name: hello-server-configmap
data:
  PORT: "8081"
---
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
      maxUnavailable: 1
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
YAML
sleep 30
kubectl get pods
kubectl describe pods -l app=hello-server
kubectl logs deploy/hello-server
kubectl patch configmap hello-server-configmap -p '{"data":{"HOST":"localhost"}}'
sleep 20
kubectl get pods
kubectl logs deploy/hello-server
