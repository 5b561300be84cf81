# The book's chapter 6 rolling update: 10 nginx Pods, maxUnavailable 25%, maxSurge 100%, and a
# 10 s preStop hook, so old Pods stay Terminating while the new ones come up.
cat <<EOF > deployment-rollingupdate.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx-deployment
  labels:
    app: nginx
spec:
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: 25%
      maxSurge: 100%
  replicas: 10
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
        image: nginx:1.24.0
        ports:
        - containerPort: 80
        lifecycle:
          preStop:
            exec:
              command: ["/bin/sh", "-c", "sleep 10"]
EOF
kubectl apply -f deployment-rollingupdate.yaml
kubectl rollout status deployment/nginx-deployment
kubectl get deployment,replicaset
sed -i "s/nginx:1.24.0/nginx:1.25.3/" deployment-rollingupdate.yaml
kubectl apply -f deployment-rollingupdate.yaml
timeout 30 kubectl get replicasets -w
kubectl rollout status deployment/nginx-deployment
kubectl get pods
sleep 15
kubectl get deployment,replicaset -o wide
kubectl describe deployment nginx-deployment
kubectl rollout history deployment/nginx-deployment
