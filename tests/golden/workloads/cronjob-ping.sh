# Chapter 6 break/fix: the CronJob curls port 8081, but the Service listens on 8080. Each Job's
# Pod fails and restarts (OnFailure), and a new Job starts every minute.
cat <<EOF > cronjob-hello-server.yaml
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
---
apiVersion: v1
kind: Service
metadata:
  name: hello-server-service
spec:
  selector:
    app: hello-server
  ports:
  - protocol: TCP
    port: 8080
    targetPort: 8080
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: ping
spec:
  schedule: "*/1 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
          - name: curl
            image: curlimages/curl
            command:
            - curl
            - -s
            - -v
            - hello-server-service.default.svc.cluster.local:8081
          restartPolicy: OnFailure
EOF
kubectl apply -f cronjob-hello-server.yaml
kubectl rollout status deployment/hello-server
sleep 150
kubectl get cronjob,jobs
kubectl get pods -l batch.kubernetes.io/controller-uid
sed -i "s/local:8081/local:8080/" cronjob-hello-server.yaml
kubectl apply -f cronjob-hello-server.yaml
sleep 60
kubectl get jobs
