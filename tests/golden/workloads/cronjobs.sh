# Chapter 6 CronJob: `date` every 2 minutes; history limits keep the last 3 successful Jobs.
cat <<EOF > cronjob.yaml
apiVersion: batch/v1
kind: CronJob
metadata:
  name: date
spec:
  schedule: "*/2 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
          - name: date
            image: ubuntu:22.04
            command: ["date"]
          restartPolicy: Never
EOF
kubectl apply -f cronjob.yaml
kubectl get cronjob date
sleep 125
kubectl get cronjob,jobs
sleep 475
kubectl get cronjob date
kubectl get jobs
kubectl create job manual --from=cronjob/date
kubectl wait --for=condition=complete job/manual
kubectl get jobs
kubectl describe cronjob date
kubectl patch cronjob date -p '{"spec":{"suspend":true}}'
sleep 240
kubectl get cronjob date
kubectl create cronjob bad --image=busybox --schedule="*/5 * * *"
kubectl create cronjob bad --image=busybox --schedule="61 * * * *"
kubectl create cronjob bad --image=busybox --schedule="@every 5m" --dry-run=server
cat <<EOF > evening.yaml
apiVersion: batch/v1
kind: CronJob
metadata:
  name: evening
spec:
  schedule: "0 20 * * *"
  timeZone: America/New_York
  jobTemplate:
    spec:
      template:
        spec:
          containers:
          - name: date
            image: ubuntu:22.04
            command: ["date"]
          restartPolicy: Never
EOF
kubectl apply -f evening.yaml
sleep 3600
kubectl get cronjob evening
kubectl get jobs --sort-by=.metadata.creationTimestamp
