# Chapter 6 Job: run `date` once; then a Job that fails until its backoffLimit is used up, one
# that runs past its activeDeadlineSeconds, and an Indexed Job.
cat <<EOF > job.yaml
apiVersion: batch/v1
kind: Job
metadata:
  name: date-checker
spec:
  template:
    spec:
      containers:
      - name: date
        image: ubuntu:22.04
        command: ["date"]
      restartPolicy: Never
  backoffLimit: 4
EOF
kubectl apply -f job.yaml
kubectl wait --for=condition=complete job/date-checker --timeout=60s
kubectl get jobs
kubectl get pods
kubectl describe job date-checker
cat <<EOF > failing.yaml
apiVersion: batch/v1
kind: Job
metadata:
  name: failing
spec:
  backoffLimit: 2
  template:
    spec:
      containers:
      - name: fail
        image: busybox:1.36
        command: ["sh", "-c", "exit 3"]
      restartPolicy: Never
EOF
kubectl apply -f failing.yaml
kubectl wait --for=condition=failed job/failing --timeout=120s
kubectl get job failing
kubectl get pods -l job-name=failing
kubectl get job failing -o jsonpath='{range .status.conditions[*]}{.type}{"\t"}{.reason}{"\t"}{.message}{"\n"}{end}'
kubectl describe job failing
cat <<EOF > deadline.yaml
apiVersion: batch/v1
kind: Job
metadata:
  name: sleepy
spec:
  activeDeadlineSeconds: 10
  template:
    spec:
      containers:
      - name: sleep
        image: busybox:1.36
        command: ["sleep", "3600"]
      restartPolicy: Never
EOF
kubectl apply -f deadline.yaml
kubectl wait --for=condition=failed job/sleepy --timeout=60s
kubectl get job sleepy -o jsonpath='{range .status.conditions[*]}{.type}{"\t"}{.reason}{"\t"}{.message}{"\n"}{end}'
cat <<EOF > indexed.yaml
apiVersion: batch/v1
kind: Job
metadata:
  name: indexed
spec:
  completions: 3
  parallelism: 2
  completionMode: Indexed
  ttlSecondsAfterFinished: 30
  template:
    spec:
      containers:
      - name: echo
        image: busybox:1.36
        command: ["sh", "-c", "echo index \$JOB_COMPLETION_INDEX"]
      restartPolicy: Never
EOF
kubectl apply -f indexed.yaml
kubectl wait --for=condition=complete job/indexed --timeout=60s
kubectl get job indexed
kubectl get pods -l job-name=indexed -L batch.kubernetes.io/job-completion-index
sleep 40
kubectl get jobs
