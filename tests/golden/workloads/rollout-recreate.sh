# Recreate: every old Pod is deleted (and has finished its 10 s preStop hook) before the first new
# Pod is created.
cat <<EOF > deployment-recreate.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx-deployment
  labels:
    app: nginx
spec:
  replicas: 10
  strategy:
    type: Recreate
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx:1.25.3
        ports:
        - containerPort: 80
        lifecycle:
          preStop:
            exec:
              command: ["/bin/sh", "-c", "sleep 10"]
EOF
kubectl apply -f deployment-recreate.yaml
kubectl rollout status deployment/nginx-deployment
kubectl set image deployment/nginx-deployment nginx=nginx:1.24.0
timeout 25 kubectl get replicasets -w
kubectl rollout status deployment/nginx-deployment
kubectl describe deployment nginx-deployment
