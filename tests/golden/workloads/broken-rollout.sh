# Chapter 6 break/fix: the new image tag does not exist. With 3 replicas the defaults allow one
# surge Pod and no unavailable one, so the old Pods keep serving while one new Pod cannot pull.
cat <<EOF > deployment-hello-server.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: hello-server
  labels:
    app: hello-server
spec:
  replicas: 3
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
        image: blux2/hello-server:1.0
        ports:
        - containerPort: 8080
EOF
kubectl apply -f deployment-hello-server.yaml
kubectl rollout status deployment/hello-server
sed -i "s/hello-server:1.0/hello-server:1.3/" deployment-hello-server.yaml
kubectl apply -f deployment-hello-server.yaml
kubectl rollout status deployment/hello-server --timeout=30s
kubectl get deployment hello-server
kubectl get replicasets
kubectl get pods
sleep 600
kubectl rollout status deployment/hello-server
kubectl get deployment hello-server -o jsonpath='{range .status.conditions[*]}{.type}{"\t"}{.status}{"\t"}{.reason}{"\t"}{.message}{"\n"}{end}'
kubectl describe deployment hello-server
kubectl set image deployment/hello-server hello-server=blux2/hello-server:1.2
kubectl rollout status deployment/hello-server
kubectl get deployment,replicaset
kubectl rollout history deployment/hello-server
