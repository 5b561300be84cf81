# A CronJob `*/1 * * * *`: one Job per minute, named <cronjob>-<scheduled time in minutes since
# the epoch>; only the last 3 successful Jobs (successfulJobsHistoryLimit) are kept.
kubectl create cronjob hello --image=busybox:1.36 --schedule="*/1 * * * *" -- echo hello
sleep 65
kubectl get cronjob,jobs,pods
sleep 240
kubectl get cronjob hello
kubectl get jobs
kubectl get pods
kubectl get cronjob hello -o jsonpath='{.status}{"\n"}'
