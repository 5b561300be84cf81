# Revisions, history and undo with kubectl's own verbs.
kubectl create deployment web --image=nginx:1.24.0 --replicas=3
kubectl rollout status deployment/web
kubectl set image deployment/web nginx=nginx:1.25.3
kubectl annotate deployment/web kubernetes.io/change-cause="image updated to 1.25.3"
kubectl rollout status deployment/web
kubectl rollout history deployment/web
kubectl rollout history deployment/web --revision=1
kubectl rollout undo deployment/web
kubectl rollout status deployment/web
kubectl rollout history deployment/web
kubectl get rs -L pod-template-hash
kubectl rollout undo deployment/web --to-revision=9
kubectl rollout undo deployment/web --to-revision=2
kubectl rollout status deployment/web
kubectl get deployment web -o jsonpath='{.metadata.annotations}{"\n"}'
kubectl rollout pause deployment/web
kubectl set env deployment/web MODE=debug
kubectl set resources deployment/web --limits=cpu=200m,memory=256Mi
kubectl get rs
kubectl rollout status deployment/web --watch=false
kubectl rollout undo deployment/web
kubectl rollout resume deployment/web
kubectl rollout status deployment/web
kubectl rollout restart deployment/web
kubectl rollout status deployment/web
kubectl rollout history deployment/web
kubectl scale deployment/web --replicas=5
kubectl scale deployment/web --current-replicas=3 --replicas=1
kubectl get deployment web
