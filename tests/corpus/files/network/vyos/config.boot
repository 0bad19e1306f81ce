interfaces {
    ethernet eth0 {
        address 203.0.113.2/24
    }
    wireguard wg0 {
        address 10.8.0.1/24
        peer branch1 {
            allowed-ips 10.8.0.2/32
            preshared-key oKHPRGbluBvdaPLmwslSiv76SJsmzBUURKFQLEwf3zQ=
        }
        private-key nFnn5uKt/qar73spWYmwwdFRdhF7e7uCIaBf4kZY8DU=
    }
}
system {
    host-name edge-vyos1
    login {
        user vyos {
            authentication {
                encrypted-password $6$/T3O8Q8ir0StOpI.$OWKqgMRBe81nnB/AeYgbAslvvqNrV8Gt5AmE0UECRyU4rp19FEmX4JS4vVv8a18d0Gt8HyjJAgqBLKzc9WoiX4
                plaintext-password ""
            }
        }
        user ops {
            authentication {
                plaintext-password dJp3kU-bblj@km
            }
        }
    }
}
vpn {
    ipsec {
        site-to-site {
            peer 198.51.100.7 {
                authentication {
                    mode pre-shared-secret
                    pre-shared-secret jMIT#G_B6xBWQM
                }
            }
        }
    }
}
// Warning: Do not remove the following line.
// vyos-config-version: "bgp@3:ipsec@9:system@21"
