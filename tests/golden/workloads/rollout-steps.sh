# The book's rolling update watched step by step: 10 replicas, maxUnavailable 25% (2 Pods) and
# maxSurge 100% (10 Pods), so there are never more than 20 Pods and never fewer than 8 available
# ones; the 10 s preStop hook keeps old Pods Terminating meanwhile.
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
kubectl rollout status deployment/nginx-deployment > /dev/null
sed -i "s/nginx:1.24.0/nginx:1.25.3/" deployment-rollingupdate.yaml
kubectl apply -f deployment-rollingupdate.yaml
kubectl get rs,pods
sleep 5
kubectl get rs,pods
sleep 5
kubectl get rs,pods
sleep 10
kubectl get rs,pods
sleep 10
kubectl get rs,pods
sleep 20
kubectl get rs,pods
sleep 30
kubectl get deployment,rs,pods
