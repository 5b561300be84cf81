# CronJob spec.timeZone: names from the tz database only, spelt exactly; no TZ= in the schedule.
cat <<EOF > tz.yaml
apiVersion: batch/v1
kind: CronJob
metadata:
  name: tz
spec:
  schedule: "0 9 * * *"
  timeZone: Foo/Bar
  jobTemplate:
    spec:
      template:
        spec:
          containers:
          - name: date
            image: busybox
            command: ["date"]
          restartPolicy: Never
EOF
kubectl apply -f tz.yaml
sed -i 's|Foo/Bar|Local|' tz.yaml
kubectl apply -f tz.yaml
sed -i 's|Local|asia/tokyo|' tz.yaml
kubectl apply -f tz.yaml
sed -i 's|asia/tokyo|Asia/Tokyo|' tz.yaml
sed -i 's|"0 9|"TZ=UTC 0 9|' tz.yaml
kubectl apply -f tz.yaml
sed -i 's|TZ=UTC ||' tz.yaml
kubectl apply -f tz.yaml
kubectl get cronjob tz
