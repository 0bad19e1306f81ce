"$srcdir/../packages/install_binary.sh" "https://dl.k8s.io/release/v1.29.0/bin/linux/amd64/kubectl"
