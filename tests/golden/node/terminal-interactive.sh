# The learner's own terminal as stdin: `cat > file` until Ctrl-D, then use the file.
# Lines `> TEXT` are typed into the command above them (see src/cli/transcript.ts).
cat > pod.yaml
> apiVersion: v1
> kind: Pod
> metadata:
>   name: typed
> spec:
>   containers:
>   - name: app
>     image: busybox:1.36.1
>     command: ["sleep", "3600"]
> ^D
kubectl apply -f pod.yaml
cat -n
> one
> two
echo $?
# Ctrl-C ends cat (cooked mode: the terminal interrupts the command)
cat
> partial
> ^C
echo $?
